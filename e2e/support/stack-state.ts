import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";

/** What global setup started, for specs running in worker processes. */
export const stackStateSchema = z.object({
  baseUrl: z.string(),
  dataDir: z.string(),
  natsUrl: z.string(),
  natsPid: z.number().int(),
  natsLaunch: z.object({ binary: z.string(), args: z.array(z.string()), env: z.record(z.string(), z.string()) }),
  natsHttpUrl: z.string(),
  /** The NATS keys (lib/nats/auth/keys.ts): specs mint Pilot's and the publisher's users with them. */
  natsAuthFile: z.string(),
  /** Pilot accounts by role, each with a signed-in storage state. */
  accounts: z.record(z.enum(["admin", "auditor", "viewer"]), z.object({ user: z.string(), pass: z.string(), storageState: z.string() })),
  /** The secrets the app was built and started with: none may appear in the client bundle. */
  secrets: z.array(z.string()),
  /** The app's environment, to start another instance of it (trusted-proxy mode). */
  appEnv: z.record(z.string(), z.string()),
});
export type StackState = z.infer<typeof stackStateSchema>;

function stateFile(): string {
  const file = process.env.PILOT_E2E_STATE;
  if (!file) throw new Error("PILOT_E2E_STATE is not set: run the specs through `playwright test`");
  return file;
}

export function readStackState(): StackState {
  return stackStateSchema.parse(JSON.parse(readFileSync(stateFile(), "utf8")));
}

export function writeStackState(state: StackState, file = stateFile()): void {
  writeFileSync(file, JSON.stringify(state, null, 2));
}
