"use client";

import { useTheme } from "next-themes";
import { useHydrated } from "../ui/use-hydrated";

const ORDER = ["system", "light", "dark"] as const;
type Choice = (typeof ORDER)[number];
const LABEL: Record<Choice, string> = { system: "System", light: "Light", dark: "Dark" };

/** Cycles system → light → dark; next-themes remembers the choice in localStorage. */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  // The stored choice is only known in the browser; render a neutral label on the server.
  const mounted = useHydrated();
  const current: Choice = mounted && (theme === "light" || theme === "dark") ? theme : "system";
  const next = ORDER[(ORDER.indexOf(current) + 1) % ORDER.length] ?? "system";
  return (
    <button
      type="button"
      onClick={() => setTheme(next)}
      aria-label={`Theme: ${LABEL[current]}. Switch to ${LABEL[next]}`}
      className="rounded-md border border-zinc-200 px-2 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      Theme: {LABEL[current]}
    </button>
  );
}
