/**
 * The tab's consumer slots (browser-grants.ts): one follower's consumer each. The slot
 * released longest ago is taken first, so a consumer that could not be deleted (its node
 * is down) is not replaced under the same name at once.
 */
export class SlotPool {
  private free: number[];

  constructor(size: number) {
    this.free = Array.from({ length: size }, (_, i) => i);
  }

  take(): number | null {
    return this.free.shift() ?? null;
  }

  release(slot: number): void {
    if (!this.free.includes(slot)) this.free.push(slot);
  }
}
