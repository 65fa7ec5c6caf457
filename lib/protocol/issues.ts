import { z } from "zod";
import { describeValue } from "./primitives";

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

const MAX_LISTED = 5;
/** zod's message for a union no branch matched, when the schema sets none. */
const DEFAULT_UNION_MESSAGE = "Invalid input";

function formatPath(path: readonly PathKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}

function quote(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (
    typeof value === "bigint" ||
    typeof value === "number" ||
    typeof value === "boolean" ||
    value === null
  ) {
    return String(value);
  }
  return describeValue(value);
}

function hasInput(issue: Issue): issue is Issue & { input: unknown } {
  return "input" in issue;
}

/** The type a default zod message says it received, when the issue carries no input. */
function receivedFromMessage(message: string): string | null {
  const match = /received (\w+)/.exec(message);
  return match?.[1] ?? null;
}

/** zod's names for some expected types, in the words a payload's author would use. */
const EXPECTED_WORDING: Readonly<Record<string, string>> = {
  nonoptional: "a value",
  record: "object",
};

function describeInvalidType(issue: Extract<Issue, { code: "invalid_type" }>): string {
  const expected = EXPECTED_WORDING[issue.expected] ?? issue.expected;
  const got = hasInput(issue) ? describeValue(issue.input) : receivedFromMessage(issue.message);
  if (got === null) return issue.message;
  // `describeValue` says "nothing", zod's own message says "undefined": the key is absent.
  if (got === "nothing" || got === "undefined") return `missing, expected ${expected}`;
  return `expected ${expected}, got ${got}`;
}

function discriminatorValue(issue: Issue & { discriminator?: string }): unknown {
  if (!hasInput(issue) || issue.discriminator === undefined) return undefined;
  const input = issue.input;
  if (input === null || typeof input !== "object" || Array.isArray(input)) return undefined;
  return Object.getOwnPropertyDescriptor(input, issue.discriminator)?.value;
}

function depth(issues: readonly Issue[]): number {
  let best = 0;
  for (const issue of issues) {
    const nested =
      issue.code === "invalid_union" && issue.errors.length > 0
        ? Math.max(...issue.errors.map(depth))
        : 0;
    best = Math.max(best, issue.path.length + nested);
  }
  return best;
}

/**
 * Flattens an issue to `[path, message]` pairs. For a union that no branch matched,
 * report the branch that got furthest: for `{"User": {"verifying": [1]}}` that is the
 * `User` branch's complaint about the byte count, not "unrecognized key User".
 */
function flatten(issue: Issue, prefix: readonly PathKey[], out: [string, string][]): void {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case "invalid_type":
      out.push([formatPath(path), describeInvalidType(issue)]);
      return;
    case "invalid_value": {
      const options = issue.values.map(quote).join(", ");
      const got = hasInput(issue) ? `, got ${quote(issue.input)}` : "";
      out.push([
        formatPath(path),
        `expected ${issue.values.length === 1 ? options : `one of ${options}`}${got}`,
      ]);
      return;
    }
    case "invalid_union": {
      const withOptions: Issue & { discriminator?: string; options?: unknown[] } = issue;
      if (issue.errors.length === 0 && Array.isArray(withOptions.options)) {
        const value = discriminatorValue(withOptions);
        const got = value === undefined ? "missing" : `got ${quote(value)}`;
        const options = withOptions.options.map(quote);
        const expected = options.length === 1 ? `${options[0]}` : `one of ${options.join(", ")}`;
        out.push([formatPath(path), `expected ${expected}; ${got}`]);
        return;
      }
      // A union declared with its own message (externally tagged enums) says it best.
      if (issue.message !== DEFAULT_UNION_MESSAGE) {
        out.push([formatPath(path), issue.message]);
        return;
      }
      let best: Issue[] | undefined;
      for (const branch of issue.errors) {
        if (
          best === undefined ||
          depth(branch) > depth(best) ||
          (depth(branch) === depth(best) && branch.length < best.length)
        ) {
          best = branch;
        }
      }
      if (best === undefined || best.length === 0) {
        out.push([formatPath(path), "does not match any accepted shape"]);
        return;
      }
      for (const inner of best) flatten(inner, path, out);
      return;
    }
    case "unrecognized_keys":
      out.push([
        formatPath(path),
        `unexpected key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map(quote).join(", ")}`,
      ]);
      return;
    default:
      out.push([formatPath(path), issue.message]);
  }
}

/**
 * One readable line for the quarantine table, e.g.
 * `created_at_ns: expected an integer, got string; status: expected one of "ok", ...`.
 */
export function formatIssues(error: z.ZodError): string {
  const pairs: [string, string][] = [];
  for (const issue of error.issues) flatten(issue, [], pairs);
  const lines = pairs.map(([path, message]) => `${path}: ${message}`);
  const unique = [...new Set(lines)];
  const shown = unique.slice(0, MAX_LISTED).join("; ");
  return unique.length > MAX_LISTED ? `${shown}; and ${unique.length - MAX_LISTED} more` : shown;
}

/** A validation outcome; `error` is present when the schema (not the decoding) failed. */
export type Validated<T> =
  { ok: true; value: T } | { ok: false; reason: string; error?: z.ZodError };

/** Validates with a schema and turns a failure into a readable reason. Never throws. */
export function validate<S extends z.ZodType>(schema: S, data: unknown): Validated<z.output<S>> {
  try {
    const result = schema.safeParse(data, { reportInput: true });
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, reason: formatIssues(result.error), error: result.error };
  } catch (error) {
    // Only a bug in a schema could throw here; report it instead of losing the message.
    return {
      ok: false,
      reason: `validation failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
