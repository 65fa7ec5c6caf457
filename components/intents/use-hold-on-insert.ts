import { useEffect, useRef, useState, type RefObject, type UIEvent } from "react";

/**
 * New rows enter at the top of a live list. Away from the top (or paused) the view stays
 * where the person is reading: the scroll shifts by the rows added and they are counted
 * ("N new — jump to live") instead. Shared by the Intents and Audit tables.
 */
export function useHoldOnInsert(o: {
  /** How many rows the live layer has added so far (grows). */
  added: number;
  rowHeight: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** The table's virtualizer (its scroll offset is read when a batch lands). */
  virtualizer: { scrollOffset: number | null };
  paused: boolean;
  setPaused: (paused: boolean) => void;
  /** Called with the rows inserted above while the view held still. */
  onHeld?: (delta: number) => void;
}) {
  const { added, rowHeight, scrollRef, virtualizer, paused, setPaused, onHeld } = o;
  const [unseen, setUnseen] = useState(0);
  const seenAdded = useRef(added);
  const held = useRef(onHeld);
  useEffect(() => {
    held.current = onHeld;
  });

  useEffect(() => {
    const delta = added - seenAdded.current;
    seenAdded.current = added;
    const el = scrollRef.current;
    if (delta <= 0 || !el) return;
    if (paused || (virtualizer.scrollOffset ?? 0) > 0) {
      el.scrollTop += delta * rowHeight;
      setUnseen((n) => n + delta);
      held.current?.(delta);
    }
  }, [added, paused, virtualizer, rowHeight, scrollRef]);

  const jumpToLive = () => {
    setPaused(false);
    setUnseen(0);
    scrollRef.current?.scrollTo({ top: 0 });
  };
  const onScroll = (e: UIEvent<HTMLDivElement>) => {
    if (e.currentTarget.scrollTop === 0 && unseen > 0) setUnseen(0);
  };
  return { unseen, jumpToLive, onScroll };
}
