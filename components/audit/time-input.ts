import type { TimeZoneChoice } from "../ui/time-zone";

/** An ISO instant as a `datetime-local` value in the chosen zone. */
export function inputValue(iso: string | null, tz: TimeZoneChoice): string {
  if (!iso) return "";
  const d = new Date(/^\d+$/.test(iso) ? Number(iso) : iso);
  if (Number.isNaN(d.getTime())) return "";
  if (tz === "utc") return d.toISOString().slice(0, 16);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value read in the chosen zone, as an ISO instant. */
export function fromInputValue(value: string, tz: TimeZoneChoice): string | null {
  if (!value) return null;
  const ms = tz === "utc" ? Date.parse(`${value}Z`) : new Date(value).getTime();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
