/**
 * The most JSON values (objects, arrays, strings, numbers, …) one message may hold.
 * Validation cost grows with every value, and with every invalid one far faster (zod
 * reports each): 100,000 empty objects where graph nodes belong take seconds to refuse,
 * stalling ingest for everyone. Real messages are far below this (a 2,000-node delta is
 * about 25,000 values); a bigger one is quarantined with this reason instead.
 */
export const MAX_MESSAGE_VALUES = 50_000;

/** How many JSON values `data` holds, counting up to `limit + 1` (then it stops). */
export function countValues(data: unknown, limit = MAX_MESSAGE_VALUES): number {
  let count = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0 && count <= limit) {
    const v = stack.pop();
    count++;
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
    } else if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      // Plain objects from the parser; class instances (exact big numbers) are one value.
      for (const key in v) if (Object.hasOwn(v, key)) stack.push((v as Record<string, unknown>)[key]);
    }
  }
  return count;
}
