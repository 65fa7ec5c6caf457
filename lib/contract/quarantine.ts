import { z } from "zod";
import { listAnswerSchema, nsStringSchema } from "./list";

export const quarantineItemSchema = z.object({
  id: z.number().int(),
  stream: z.string(),
  seq: z.number().int(),
  subject: z.string(),
  /** The kind the subject promised, null when the subject maps to none. */
  kind: z.string().nullable(),
  reason: z.string(),
  headers: z.record(z.string(), z.array(z.string())).nullable(),
  /** The kept bytes as text (invalid UTF-8 shown as U+FFFD). */
  raw: z.string(),
  /** The kept bytes in base64, only when they are not valid UTF-8. */
  rawBase64: z.string().nullable(),
  /** The bytes were left out: raw payloads are for auditors. */
  rawRedacted: z.boolean().optional(),
  /** The payload's true size; more than the kept bytes when `truncated`. */
  size: z.number().int(),
  truncated: z.boolean(),
  publishedAtNs: nsStringSchema.nullable(),
  receivedMs: z.number().int(),
});
export type QuarantineItem = z.infer<typeof quarantineItemSchema>;

export const quarantineListSchema = listAnswerSchema(quarantineItemSchema);
export type QuarantineList = z.infer<typeof quarantineListSchema>;
