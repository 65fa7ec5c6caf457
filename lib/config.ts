import "server-only";
import { loadSettings, type PilotSettings } from "./env";

let cached: PilotSettings | undefined;

/**
 * The app's configuration, validated once (instrumentation calls this at start-up so a
 * bad variable stops the server with a message naming it, not a later request).
 */
export function getConfig(): PilotSettings {
  cached ??= loadSettings();
  return cached;
}
