import { z } from "zod";
import { liveSourceSchema } from "./live-targets";

/** `GET /api/live/credentials`: how a browser tab reaches NATS, fetched at run time. */
export const liveCredentialsSchema = z.object({
  servers: z.array(z.string().regex(/^wss?:\/\//)).min(1),
  user: z.string().min(1),
  pass: z.string().min(1),
  /** Public keys of the trust list, so the browser can judge signatures itself. */
  trustedSigners: z.array(z.string()),
  /** The streams the index is built from: live views follow them (see live-targets.ts). */
  sources: z.array(liveSourceSchema),
});
export type LiveCredentials = z.infer<typeof liveCredentialsSchema>;
