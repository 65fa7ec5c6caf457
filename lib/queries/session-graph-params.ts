import { parseAsBoolean, parseAsInteger, parseAsString } from "nuqs/server";

/**
 * The DAG view's state in the URL: `seq` (the moment shown; absent = live), the selected
 * `node`, the `find` text and the two lenses. A link reproduces the exact view.
 */
export const sessionGraphParsers = {
  seq: parseAsInteger,
  node: parseAsString,
  find: parseAsString,
  failures: parseAsBoolean.withDefault(false),
  critical: parseAsBoolean.withDefault(false),
};
