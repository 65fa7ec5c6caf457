import "server-only";
import type { Firing } from "@/lib/contract/alerts";
import type { AuditFilter, Store } from "@/lib/store";
import { comparison } from "@/lib/api/scorecard-views";
import type { Entry } from "../auth/shared-bucket";
import { ruleRecord, type RuleRecord } from "./records";
import { ruleAuditFilter } from "./rule-filter";
import { stalledConsumers, type IngestConsumerView } from "./ingest-fleet";

/** The integrity alarms a rule of kind "integrity" watches (verified and unsigned are not alarms; no-audit is a capture gap, not tampering). */
const ALARMS = ["invalid", "untrusted-signer", "digest-mismatch", "ttl-expired", "no-result", "conflicting-copies"] as const;
/** Rules other than audit counts look again at most this often (their reads cost more than a tick's new rows). */
const SLOW_EVERY_MS = 5_000;

export interface EvalDeps {
  store: Store;
  /** Rules as this replica's mirror of the bucket has them. */
  rules: () => Entry<RuleRecord>[];
  /** Publishes a firing under its id (JetStream drops a second one); already-known ids are not published again. */
  publish: (f: Firing) => Promise<unknown>;
  known: (firingId: string) => boolean;
  /** Every replica's ingest consumers as JetStream has them (lib/alerts/ingest-fleet.ts). */
  ingest: () => Promise<IngestConsumerView[]>;
  replica: string;
  now?: () => number;
}

interface AuditState {
  revision: number;
  filter: AuditFilter;
  throughId: number;
  counts: Map<number, number>;
  fired: Set<number>;
}

const floorTo = (t: number, w: number) => t - (t % w);

/**
 * Evaluates every unmuted rule, each tick, on every replica. Firings carry a key that every
 * replica derives alike (the rule and the epoch-aligned window, or the pilot runs compared),
 * and are published with it as JetStream's message id: the stream keeps the first and
 * drops the others, so a firing happens once however many replicas evaluate.
 *
 * Audit-count rules are incremental: each tick counts, per window, only the events indexed
 * since the last tick (lib/store/audit/window-counts.ts), so the work follows the traffic,
 * not the history, and a tick never re-reads what it has counted.
 */
export class Evaluator {
  readonly #audit = new Map<string, AuditState>();
  readonly #slowAt = new Map<string, number>();
  readonly #now: () => number;
  /** This tick's read of every replica's ingest, made by the first ingest-stalled rule due. */
  #fleet: Promise<IngestConsumerView[]> | null = null;
  /** The last tick's problems, for the Health page and the server log (a rule whose query no longer parses). */
  problems = new Map<string, string>();

  constructor(private readonly d: EvalDeps) {
    this.#now = d.now ?? Date.now;
  }

  /** One pass over the rules; resolves with the firings published (JetStream may still drop some as duplicates). */
  async tick(): Promise<Firing[]> {
    this.#fleet = null;
    const out: Firing[] = [];
    const live = new Set<string>();
    const rules = this.d.rules().filter(({ value }) => ruleRecord.safeParse(value).success && !value.muted);
    this.#countAll(rules);
    for (const { value: rule, revision } of rules) {
      live.add(rule.id);
      const fired = await this.#evaluate(rule, revision);
      for (const f of fired) {
        if (this.d.known(f.id)) continue;
        await this.d.publish(f);
        out.push(f);
      }
    }
    for (const id of this.#audit.keys()) if (!live.has(id)) this.#audit.delete(id);
    return out;
  }

  /**
   * Adds this tick's new events to every audit-count rule's windows: rules reading from the
   * same event id with the same window are counted together (one pass over the new events
   * for all their event-fact filters, lib/store/audit/window-counts.ts), not one pass each.
   */
  #countAll(rules: readonly Entry<RuleRecord>[]): void {
    const now = this.#now();
    const groups = new Map<string, { afterId: number; windowMs: number; since: number; states: AuditState[] }>();
    for (const { value: rule, revision } of rules) {
      if (rule.kind !== "audit-count") continue;
      let st = this.#audit.get(rule.id);
      if (!st || st.revision !== revision) {
        const f = ruleAuditFilter(rule.query ?? "");
        if (!f.ok) {
          this.problems.set(rule.id, f.error);
          this.#audit.delete(rule.id);
          continue;
        }
        this.problems.delete(rule.id);
        st = { revision, filter: f.filter, throughId: 0, counts: new Map(), fired: new Set() };
        this.#audit.set(rule.id, st);
      }
      const windowMs = rule.windowMs ?? 60_000;
      // The window before the current one still takes late events; older windows are closed.
      const since = floorTo(now, windowMs) - windowMs;
      const key = `${st.throughId}/${windowMs}/${since}`;
      const g = groups.get(key) ?? { afterId: st.throughId, windowMs, since, states: [] };
      g.states.push(st);
      groups.set(key, g);
    }
    // A rule deleted, muted or changed to another kind has no problem to show any more.
    const judged = new Set(rules.filter((r) => r.value.kind === "audit-count").map((r) => r.value.id));
    for (const id of this.problems.keys()) if (!judged.has(id)) this.problems.delete(id);
    for (const g of groups.values()) {
      const got = this.d.store.auditWindowCountsMany(g.states.map((s) => s.filter), { afterId: g.afterId, windowMs: g.windowMs, sinceMs: g.since });
      g.states.forEach((st, k) => {
        const c = got[k];
        if (!c) return;
        st.throughId = c.throughId;
        for (const w of c.windows) st.counts.set(w.startMs, (st.counts.get(w.startMs) ?? 0) + w.n);
      });
    }
  }

  async #evaluate(rule: RuleRecord, revision: number): Promise<Firing[]> {
    switch (rule.kind) {
      case "audit-count":
        return this.#auditCount(rule, revision);
      case "integrity":
        return this.#slow(rule, () => this.#integrity(rule));
      case "scorecard-regression":
        return this.#slow(rule, () => this.#scorecard(rule));
      case "ingest-stalled":
        return this.#due(rule) ? this.#stalled(rule) : [];
    }
  }

  #due(rule: RuleRecord): boolean {
    const now = this.#now();
    if (now - (this.#slowAt.get(rule.id) ?? 0) < SLOW_EVERY_MS) return false;
    this.#slowAt.set(rule.id, now);
    return true;
  }

  #slow(rule: RuleRecord, fn: () => Firing[]): Firing[] {
    return this.#due(rule) ? fn() : [];
  }

  #firing(rule: RuleRecord, key: string, summary: string, details: Firing["details"]): Firing {
    return { id: `${rule.id}.${key}`, ruleId: rule.id, ruleName: rule.name, kind: rule.kind, firedMs: this.#now(), summary, details, replica: this.d.replica };
  }

  #auditCount(rule: RuleRecord, revision: number): Firing[] {
    const windowMs = rule.windowMs ?? 60_000;
    const threshold = rule.threshold ?? 1;
    const now = this.#now();
    const st = this.#audit.get(rule.id);
    if (!st || st.revision !== revision) return [];
    const since = floorTo(now, windowMs) - windowMs;
    const out: Firing[] = [];
    for (const [start, n] of st.counts) {
      if (start < since) {
        st.counts.delete(start);
        st.fired.delete(start);
        continue;
      }
      // A window that ended before the rule was last changed is not the rule's to judge.
      if (n < threshold || st.fired.has(start) || start + windowMs <= rule.updatedMs) continue;
      st.fired.add(start);
      out.push(
        this.#firing(rule, `w${start}`, `${n} audit events matched "${rule.query}" in the ${Math.round(windowMs / 1000)} s from ${new Date(start).toISOString()} (threshold ${threshold})`, {
          count: n,
          threshold,
          windowStartMs: start,
          windowMs,
          query: rule.query,
        }),
      );
    }
    return out;
  }

  #integrity(rule: RuleRecord): Firing[] {
    const windowMs = rule.windowMs ?? 3_600_000;
    const now = this.#now();
    const s = this.d.store.integritySummary({ from: now - windowMs });
    const details: Firing["details"] = {};
    let total = 0;
    for (const k of ALARMS) {
      const n = s.counts[k];
      if (n > 0) details[k] = n;
      total += n;
    }
    if (total === 0) return [];
    const key = `w${floorTo(now, windowMs)}`;
    const what = Object.entries(details).map(([k, n]) => `${n} ${k}`).join(", ");
    return [this.#firing(rule, key, `integrity alarms among the intents of the last ${Math.round(windowMs / 1000)} s: ${what}`, { ...details, windowMs })];
  }

  #scorecard(rule: RuleRecord): Firing[] {
    const [b, a] = this.d.store.scorecards({ limit: 2 }).items;
    if (!a || !b) return [];
    const cmp = comparison(this.d.store, { a: a.pilotId, b: b.pilotId });
    const regressed: string[] = [];
    for (const m of cmp.models) for (const c of m.changes) if (c.verdict === "regression") regressed.push(`${m.modelId} ${c.key}`);
    if (regressed.length === 0) return [];
    return [
      this.#firing(rule, `p${a.pilotId}..${b.pilotId}`.replace(/[^A-Za-z0-9_.-]/g, "_"), `pilot run ${b.pilotId} regressed against ${a.pilotId} (Wilson 95% intervals apart): ${regressed.join("; ")}`, {
        before: a.pilotId,
        after: b.pilotId,
        regressions: regressed.join("; "),
      }),
    ];
  }

  /**
   * Judged from every replica's ingest consumers in JetStream, not this process's ingest:
   * a replica whose index another process fills, or whose neighbour does the ingesting,
   * sees that ingest progress; when every ingest is stalled, every replica sees it.
   */
  async #stalled(rule: RuleRecord): Promise<Firing[]> {
    const windowMs = rule.windowMs ?? 300_000;
    const now = this.#now();
    // Every replica's ingest is read once a tick, however many ingest-stalled rules judge it.
    this.#fleet ??= this.d.ingest();
    const stuck = stalledConsumers(await this.#fleet, now, windowMs);
    if (stuck.length === 0) return [];
    const ago = (ms: number) => `${Math.round((now - ms) / 1000)} s ago`;
    const what = stuck.map((c) => `${c.durable} on ${c.stream} (${c.behind} not acked, the oldest stored ${c.waitingSinceMs === null ? "at an unknown time" : ago(c.waitingSinceMs)}, last ack ${ago(c.progressMs)})`).join("; ");
    return [this.#firing(rule, `w${floorTo(now, windowMs)}`, `ingest stalled: ${what}`, { consumers: stuck.length, behind: stuck.reduce((n, c) => n + c.behind, 0), windowMs })];
  }
}
