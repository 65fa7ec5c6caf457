import "server-only";
import { getConfig } from "@/lib/config";
import { openStore } from "./store";
import { TableCounter } from "./core/table-counter";
import type { Store } from "./store";

// On globalThis, so that dev-mode module reloads and the instrumentation hook share one
// connection with the route handlers instead of opening another per reload.
const holder = globalThis as typeof globalThis & { __pilotStore?: Store };

/** The process's Store on the configured index file, opened on first use. */
export function getStore(): Store {
  if (!holder.__pilotStore) {
    const config = getConfig();
    holder.__pilotStore = openStore(config.index.path, {
      trustedSigners: config.trustedSigners,
      noResultGraceMs: config.noResultGraceMs,
    });
  }
  return holder.__pilotStore;
}

const counterHolder = globalThis as typeof globalThis & { __pilotTableCounter?: TableCounter };

/** Row counts of the process's index, counted off the server's thread (see table-counter.ts). */
export function getTableCounter(): TableCounter {
  getStore(); // the file exists and is migrated before a read-only connection opens it
  counterHolder.__pilotTableCounter ??= new TableCounter(getConfig().index.path);
  return counterHolder.__pilotTableCounter;
}
