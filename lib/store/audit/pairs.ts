import "server-only";
import { AUDIT_COMBO_LIMIT } from "../core/fts-docs";

/*
 * An audit event's filterable facts come from two places: its own (the combo, see
 * schema-audit.ts) and its intent's (capability, domain, signer), which may arrive after
 * the event and never change once it has. The reader keeps the intent's facts as a
 * small dictionary too, and every event as one (combo, intent facts) pair id: pairs are
 * few, so facet counts still sum per pair and a filter is a pass bit per pair.
 */

/** What the audit trail filters and counts on from an event's intent. */
export interface IntentFacts {
  capability: string;
  domain: string;
  signer: string;
}

/** Fact id 0: the intent is not (yet) in the index. */
export const NO_INTENT = 0;

export class FactDictionary {
  readonly list: (IntentFacts | null)[] = [null];
  readonly #ids = new Map<string, number>();

  idOf(capability: string, domain: string, signer: string): number {
    const key = `${capability}\u0000${domain}\u0000${signer}`;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.list.push({ capability, domain, signer });
      this.#ids.set(key, id);
    }
    return id;
  }

  get(id: number): IntentFacts | null {
    return this.list[id] ?? null;
  }
}

export class PairDictionary {
  readonly combo: number[] = [];
  readonly fact: number[] = [];
  readonly #ids = new Map<number, number>();

  get size(): number {
    return this.combo.length;
  }

  idOf(combo: number, fact: number): number {
    const key = fact * AUDIT_COMBO_LIMIT + combo;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.combo.length;
      this.combo.push(combo);
      this.fact.push(fact);
      this.#ids.set(key, id);
    }
    return id;
  }
}
