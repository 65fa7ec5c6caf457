/**
 * Admits each stream sequence once, in order: what a view has applied is never applied
 * again after a resume (an ordered consumer restarts from the last delivered sequence,
 * and a snapshot may already hold what the consumer replays).
 */
export class SeqGate {
  constructor(private last: number) {}

  /** The last sequence admitted (the snapshot's, before any message). */
  get lastSeq(): number {
    return this.last;
  }

  admit(seq: number): boolean {
    if (seq <= this.last) return false;
    this.last = seq;
    return true;
  }
}

/**
 * Whether resuming after `lastApplied` may have lost messages: the stream no longer holds
 * the next sequence (age or size limits removed it).
 */
export function resumeIsLossy(lastApplied: number, stream: { firstSeq: number; messages: number }): boolean {
  if (stream.messages === 0) return false;
  return stream.firstSeq > lastApplied + 1;
}
