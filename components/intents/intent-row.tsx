import { memo } from "react";
import type { IntentListRow } from "@/lib/contract/intents";
import { GRID, IntentCells, ROW_HEIGHT } from "./intent-columns";

/**
 * One row of the virtualized table. Memoized: while live, every frame shifts the rows'
 * positions, but only rows whose data changed render their cells again.
 */
export const IntentRow = memo(function IntentRow(props: {
  row: IntentListRow;
  index: number;
  start: number;
  selected: boolean;
  onSelect: (index: number) => void;
  onOpen: (id: string) => void;
}) {
  const { row, index, start, selected } = props;
  return (
    <div
      role="row"
      aria-rowindex={index + 1}
      aria-selected={selected}
      data-intent-id={row.id}
      onClick={() => props.onSelect(index)}
      onDoubleClick={() => props.onOpen(row.id)}
      className={`${GRID} absolute left-0 right-0 cursor-pointer border-b border-zinc-100 dark:border-zinc-900 ${
        selected ? "bg-sky-50 dark:bg-sky-950" : "hover:bg-zinc-50 dark:hover:bg-zinc-900"
      }`}
      // Strict containment: a row's layout never depends on, nor moves, the others.
      style={{ height: ROW_HEIGHT, transform: `translateY(${start}px)`, contain: "strict" }}
    >
      <IntentCells row={row} />
    </div>
  );
});
