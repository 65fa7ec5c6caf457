import { z } from "zod";
import { DEFAULT_ALERT_STORE } from "./alert-names";

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

const envSchema = z.object({
  PILOT_ALERTS: z.enum(["on", "off"]).default("on"),
  PILOT_ALERT_STORE: z.string().regex(/^[A-Z][A-Z0-9_]{0,40}$/, { error: "upper-case letters, digits and _" }).default(DEFAULT_ALERT_STORE),
  PILOT_ALERT_WEBHOOK_SECRET: z.string().min(16, { error: "at least 16 characters" }).optional(),
  PILOT_ALERT_TICK_MS: int(1000, 50, 60_000),
  PILOT_ALERT_RETRY_BASE_MS: int(1000, 10, 600_000),
  PILOT_ALERT_RETRY_CAP_MS: int(60_000, 10, 3_600_000),
  PILOT_ALERT_MAX_ATTEMPTS: int(6, 1, 20),
  PILOT_ALERT_TIMEOUT_MS: int(5000, 100, 60_000),
});

export interface AlertSettings {
  enabled: boolean;
  store: string;
  globalSecret: string | null;
  tickMs: number;
  backoff: { baseMs: number; capMs: number; maxAttempts: number };
  timeoutMs: number;
}

/** The alert settings from the environment, parsed once; a bad value names its variable. */
export function alertSettings(env: NodeJS.ProcessEnv = process.env): AlertSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".") ?? "alert settings"}: ${issue?.message ?? "invalid"}`);
  }
  const e = parsed.data;
  return {
    enabled: e.PILOT_ALERTS === "on",
    store: e.PILOT_ALERT_STORE,
    globalSecret: e.PILOT_ALERT_WEBHOOK_SECRET ?? null,
    tickMs: e.PILOT_ALERT_TICK_MS,
    backoff: { baseMs: e.PILOT_ALERT_RETRY_BASE_MS, capMs: e.PILOT_ALERT_RETRY_CAP_MS, maxAttempts: e.PILOT_ALERT_MAX_ATTEMPTS },
    timeoutMs: e.PILOT_ALERT_TIMEOUT_MS,
  };
}
