import "server-only";

/**
 * Narrows a column value to one of a closed set of strings. The writers only store
 * these values; a row from an older index that does not is shown with the fallback
 * rather than trusted blindly.
 */
export function oneOf<const T extends string>(
  allowed: readonly T[],
  value: string | null,
): T | null {
  for (const a of allowed) if (a === value) return a;
  return null;
}

export function oneOfOr<const T extends string>(
  allowed: readonly T[],
  value: string | null,
  fallback: T,
): T {
  return oneOf(allowed, value) ?? fallback;
}

/** SQLite booleans are 0/1 integers; NULL stays null. */
export function flag(value: number | null): boolean | null {
  return value === null ? null : value !== 0;
}

/** Accumulates `AND`-joined conditions and their positional parameters. */
export class Where {
  readonly parts: string[] = [];
  readonly params: (string | number)[] = [];

  add(sql: string, ...params: (string | number)[]): this {
    this.parts.push(sql);
    this.params.push(...params);
    return this;
  }

  /** Adds `sql` only when the value is given. */
  opt(sql: string, value: string | number | undefined): this {
    return value === undefined ? this : this.add(sql, value);
  }

  get sql(): string {
    return this.parts.length > 0 ? `WHERE ${this.parts.join(" AND ")}` : "";
  }

  /** A copy, so a page condition can be added without touching the facets' filter. */
  clone(): Where {
    const w = new Where();
    w.parts.push(...this.parts);
    w.params.push(...this.params);
    return w;
  }
}
