"use client";

import { VirtualLines } from "./virtual-lines";

/** Text as text (never markup), every line kept; long texts virtualized. */
export function PlainText({ text, label }: { text: string; label: string }) {
  const lines = text.split("\n");
  return <VirtualLines label={label} count={lines.length} line={(i) => lines[i] ?? ""} />;
}
