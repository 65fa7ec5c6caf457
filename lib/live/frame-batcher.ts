export type FrameScheduler = (flush: () => void) => void;

/** requestAnimationFrame in a visible tab; a timer where there is none (tests, hidden tabs). */
export const animationFrame: FrameScheduler = (flush) => {
  if (typeof requestAnimationFrame === "function" && typeof document !== "undefined" && !document.hidden) {
    requestAnimationFrame(() => flush());
  } else {
    setTimeout(flush, 16);
  }
};

/**
 * Collects items and hands them over once per frame, so a burst of messages becomes one
 * React update, never one update per message.
 */
export class FrameBatcher<T> {
  private items: T[] = [];
  private scheduled = false;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly schedule: FrameScheduler = animationFrame,
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.deliver(batch);
  }
}
