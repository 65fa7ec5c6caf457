import { z } from "zod";

const count = z.number().int().nonnegative();

/** This replica's alert engine on the Health page (figures only: no rule names or URLs, as viewers read Health). */
export const alertsHealthSchema = z.object({
  /** PILOT_ALERTS: off keeps rules editable and evaluates and sends nothing. */
  enabled: z.boolean(),
  /** running: started (ticking unless off); starting; error: the last start failed (tried again on the next request); stopped: not started in this process. */
  state: z.enum(["running", "starting", "error", "stopped"]),
  error: z.string().nullable(),
  /** This replica's name in firings and delivery records (host:pid). */
  replica: z.string().nullable(),
  /** Whether the alert store (its KV bucket and stream) answers, as this replica's link to it knows. */
  storeReachable: z.boolean().nullable(),
  tickMs: count,
  ticks: count,
  /** Ticks not run: the previous one still running, or the store away. */
  skipped: count,
  lastTick: z.object({ at: z.string(), durationMs: z.number().nonnegative(), firings: count, error: z.string().nullable() }).nullable(),
  rules: z.object({ total: count, evaluated: count, muted: count, problems: count }).nullable(),
  /** The shared delivery consumer (every replica pulls from it): firings not yet taken, being delivered, given again after an ack wait. */
  deliveries: z
    .object({
      consumer: z.string(),
      pending: count.nullable(),
      inFlight: count.nullable(),
      redelivered: count.nullable(),
      /** Pull requests waiting on it: replicas ready to deliver. */
      pullers: count.nullable(),
      /** Firings in this replica's copy of the log whose delivery ended failed / delivered. */
      failed: count,
      delivered: count,
      error: z.string().nullable(),
    })
    .nullable(),
});
export type AlertsHealth = z.infer<typeof alertsHealthSchema>;
