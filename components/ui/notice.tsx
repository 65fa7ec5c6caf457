import type { ReactNode } from "react";

const TONE = {
  info: "border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100",
  warn: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100",
  error: "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100",
} as const;

export function Notice({ tone, title, children }: { tone: keyof typeof TONE; title: string; children?: ReactNode }) {
  return (
    <div role={tone === "error" ? "alert" : "note"} className={`rounded-md border p-3 text-sm ${TONE[tone]}`}>
      <p className="font-medium">{title}</p>
      {children ? <div className="mt-1">{children}</div> : null}
    </div>
  );
}
