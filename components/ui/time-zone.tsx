"use client";

import { useSyncExternalStore } from "react";

export type TimeZoneChoice = "local" | "utc";
const KEY = "pilot.timezone";
const listeners = new Set<() => void>();

function read(): TimeZoneChoice {
  return localStorage.getItem(KEY) === "utc" ? "utc" : "local";
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** UTC or local time, remembered across reloads and shared by every tab. */
export function useTimeZone(): [TimeZoneChoice, (tz: TimeZoneChoice) => void] {
  // The server renders UTC: it cannot know the browser's zone.
  const tz = useSyncExternalStore(subscribe, read, () => "utc" as const);
  const set = (next: TimeZoneChoice) => {
    localStorage.setItem(KEY, next);
    for (const l of listeners) l();
  };
  return [tz, set];
}

export function formatTime(ms: number, tz: TimeZoneChoice, withMillis = true): string {
  const d = new Date(ms);
  if (tz === "utc") {
    const iso = d.toISOString().replace("T", " ");
    return `${withMillis ? iso.slice(0, 23) : iso.slice(0, 19)} UTC`;
  }
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMillis ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** A time shown in the remembered zone, with the other zone on hover. */
export function Time({ ms, withMillis = true }: { ms: number; withMillis?: boolean }) {
  const [tz] = useTimeZone();
  return (
    <time dateTime={new Date(ms).toISOString()} title={formatTime(ms, tz === "utc" ? "local" : "utc")}>
      {formatTime(ms, tz, withMillis)}
    </time>
  );
}

export function TimeZoneToggle() {
  const [tz, setTz] = useTimeZone();
  const next = tz === "utc" ? "local" : "utc";
  return (
    <button
      type="button"
      onClick={() => setTz(next)}
      aria-label={`Times in ${tz === "utc" ? "UTC" : "local time"}. Switch to ${next === "utc" ? "UTC" : "local time"}`}
      className="rounded-md border border-zinc-200 px-2 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      {tz === "utc" ? "UTC" : "Local"}
    </button>
  );
}
