/** One message of the demo stream. */
export interface DemoMessage {
  subject: string;
  headers?: Record<string, string>;
  /** The exact JSON text to publish (for a non-UTF-8 payload: its lossy decoding). */
  payload: string;
  /** Set only when the bytes on the wire are not `payload` in UTF-8 (the non-UTF-8 case). */
  bytes?: Uint8Array;
  /** When to publish, in milliseconds from the start of the stream. */
  atMs: number;
  /** Why the message is malformed; absent for a well-formed message. */
  malformed?: string;
  /** For intents: the signature state a correct verifier must report. */
  signature?: SignatureState;
}

export type SignatureState = "verified" | "invalid" | "unsigned" | "untrusted-signer";

/** The bytes a publisher puts on the wire for a message. */
export function demoPayloadBytes(message: DemoMessage): Uint8Array {
  return message.bytes ?? new TextEncoder().encode(message.payload);
}

/** Where a flow puts its messages: the generator's time-ordered queue. */
export type Emit = (message: DemoMessage) => void;
