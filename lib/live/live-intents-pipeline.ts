import { routeSubject, verifyIntentSignatureAsync, type AuditEntry, type IntentResult, type SignatureState } from "@/lib/protocol";
import type { IntentFilters } from "@/lib/queries/intent-filters";
import type { IntentListRow } from "@/lib/contract/intents";
import { decodeIntentBatch } from "./decode-intent-batch";
import { decodeLiveIntent } from "./decode-live-intent";
import { animationFrame, type FrameScheduler } from "./frame-batcher";
import type { Applied, LiveBatch } from "./intent-pages";
import { keepOrphans, withAdopted } from "./intent-orphans";
import { intentRow, rowMatches, withVerdict } from "./intent-patches";
import type { LiveMessage } from "./stream-follower";
import { webCryptoEd25519Verify } from "./webcrypto-ed25519";

/**
 * Under a flood (messages coming at FLOOD_RATE a second or more), the table is redrawn
 * five times a second instead of every frame: at that rate every redraw lays out a
 * screenful of new rows (tens of milliseconds on a small machine), nobody reads sixty of
 * those a second, and the time goes to keeping up instead. Slower traffic is drawn every
 * frame, however slow the frames.
 */
export const FLOOD_RATE = 1000;
export const FLOOD_INTERVAL_MS = 200;

/**
 * At most one patch a frame: the first message after a quiet spell (no patch for a frame's
 * length) is patched in at once, in time for the next frame to paint it; messages that
 * follow within the frame wait for the next animation frame, together.
 */
export const FRAME_MS = 1000 / 60;

// Right after the message's own task: one scheduler hop less on the way to the screen.
const atOnce: FrameScheduler = (run) => queueMicrotask(run);

/**
 * While traffic is light, the check of an intent that will be on screen starts as the
 * message arrives, so it runs while the frame is awaited rather than after it.
 */
const EARLY_CHECKS = 4;

export type VerifyRaw = (raw: string, trustedSigners: readonly string[]) => Promise<SignatureState>;

export const verifyInBrowser: VerifyRaw = async (raw, trustedSigners) =>
  (await verifyIntentSignatureAsync(raw, { trustedSigners, verify: webCryptoEd25519Verify })).state;

export interface PipelineOptions {
  filters: IntentFilters;
  trustedSigners: () => readonly string[];
  /** How many of the newest rows the view shows as they arrive: 0 unless it sits at the top. */
  visibleTop: () => number;
  /** Whether the list may be patched now (not while a fetch would overwrite the patch). */
  canApply: () => boolean;
  /** Whether the list already holds an intent, as of now (asked once per batch). */
  knownIds: () => (id: string) => boolean;
  /** Applies one frame's changes; `consumed` says which messages they came from. */
  apply: (changes: Omit<LiveBatch, "seq">, consumed: { seq: Record<string, number>; lastStoredAtMs: number | null }) => Applied | null;
  /** The next animation frame (tests pass their own). */
  schedule?: FrameScheduler;
  /** Right away, for the first batch after a quiet spell (tests pass their own). */
  soon?: FrameScheduler;
  verify?: VerifyRaw;
}

/**
 * From live messages to list patches, at most one per animation frame. Decoding is cheap
 * and done for every message; the costly signature check is done for the rows a person
 * sees: the newest rows when the view sits at the top (checked before they are shown),
 * and whatever rows the view asks for (`check`) as it scrolls. A view filtered by
 * verdict needs every verdict, so there every new row is checked.
 */
export class LiveIntentsPipeline {
  private messages: LiveMessage[] = [];
  private verdicts = new Map<string, SignatureState>();
  private readonly checking = new Set<string>();
  /** Checks started on arrival, by the exact text they cover. */
  private early = new Map<string, Promise<SignatureState>>();
  private readonly orphanResults = new Map<string, IntentResult>();
  private readonly orphanPolicies = new Map<string, AuditEntry>();
  private scheduled = false;
  private running = false;
  private floodedAt = Number.NEGATIVE_INFINITY;
  /** When the last run started (a patch, or a wait for a fetch). */
  private ranAt = Number.NEGATIVE_INFINITY;
  /** When the last batch was taken, for the rate messages come at. */
  private takenAt = Number.NEGATIVE_INFINITY;
  private stopped = false;
  private readonly schedule: FrameScheduler;
  private readonly soon: FrameScheduler;
  private readonly verify: VerifyRaw;

  constructor(private readonly opts: PipelineOptions) {
    this.schedule = opts.schedule ?? animationFrame;
    this.soon = opts.soon ?? atOnce;
    this.verify = opts.verify ?? verifyInBrowser;
  }

  push(message: LiveMessage): void {
    this.messages.push(message);
    if (this.floodedAt === Number.NEGATIVE_INFINITY) this.checkEarly(message);
    this.kick();
  }

  private checkEarly(message: LiveMessage): void {
    const { filters } = this.opts;
    const shown = filters.signature ? EARLY_CHECKS : Math.min(EARLY_CHECKS, this.opts.visibleTop());
    if (this.stopped || this.messages.length > shown) return;
    const route = routeSubject(message.subject);
    if (route?.kind !== "intent") return;
    const decoded = decodeLiveIntent(message.subject, message.data);
    if (!decoded.ok) return;
    const row = intentRow(decoded.intent, decoded.raw, route.stage, message.stream, message.seq);
    if (rowMatches(row, { ...filters, signature: null })) this.early.set(decoded.raw, this.verify(decoded.raw, this.opts.trustedSigners()));
  }

  /** Checks the signatures of rows the view shows unchecked; their verdicts follow. */
  check(rows: readonly IntentListRow[]): void {
    for (const row of rows) {
      const raw = row.pendingRaw;
      if (row.signatureState !== null || raw === undefined || this.checking.has(row.id)) continue;
      this.checking.add(row.id);
      void this.verify(raw, this.opts.trustedSigners()).then((state) => {
        this.checking.delete(row.id);
        if (this.stopped) return;
        this.verdicts.set(row.id, state);
        this.kick();
      });
    }
  }

  /** Drops what is not applied yet: a new pipeline resumes from the last applied sequence. */
  stop(): void {
    this.stopped = true;
    this.messages = [];
    this.verdicts.clear();
    this.early.clear();
  }

  private kick(): void {
    if (this.scheduled || this.running || this.stopped) return;
    this.scheduled = true;
    const go = () => {
      this.scheduled = false;
      void this.run();
    };
    const now = performance.now();
    const wait = this.floodedAt + FLOOD_INTERVAL_MS - now;
    if (wait > 0) setTimeout(() => this.schedule(go), wait);
    else if (now - this.ranAt >= FRAME_MS) this.soon(go);
    else this.schedule(go);
  }

  private async run(): Promise<void> {
    if (this.stopped) return;
    if (!this.opts.canApply()) {
      // Try again next frame (never at once: that would spin until the fetch lands).
      this.ranAt = performance.now();
      this.kick();
      return;
    }
    this.running = true;
    const now = performance.now();
    this.ranAt = now;
    const messages = this.messages;
    const rate = (messages.length * 1000) / Math.max(now - this.takenAt, FRAME_MS);
    this.takenAt = now;
    this.floodedAt = rate >= FLOOD_RATE ? now : Number.NEGATIVE_INFINITY;
    const verdicts = this.verdicts;
    const early = this.early;
    this.messages = [];
    this.verdicts = new Map();
    this.early = new Map();
    try {
      await this.process(messages, verdicts, early);
    } finally {
      this.running = false;
      if (this.messages.length > 0 || this.verdicts.size > 0) this.kick();
    }
  }

  private async process(
    messages: LiveMessage[],
    verdicts: Map<string, SignatureState>,
    early: ReadonlyMap<string, Promise<SignatureState>>,
  ): Promise<void> {
    const { filters } = this.opts;
    const batch = decodeIntentBatch(messages);
    const anyVerdict = { ...filters, signature: null };
    const known = this.opts.knownIds();
    let fresh = batch.fresh.filter((row) => !known(row.id) && rowMatches(row, anyVerdict));
    const onScreen = this.opts.visibleTop();
    const toCheck = filters.signature ? fresh.length : Math.min(fresh.length, onScreen);
    if (toCheck > 0) {
      const trusted = this.opts.trustedSigners();
      const states = await Promise.all(
        fresh.slice(0, toCheck).map((row) => {
          const raw = row.pendingRaw ?? "";
          return early.get(raw) ?? this.verify(raw, trusted);
        }),
      );
      if (this.stopped) return;
      fresh = fresh.map((row, i) => {
        const state = states[i];
        return state ? withVerdict(row, state) : row;
      });
    }
    if (filters.signature) fresh = fresh.filter((row) => rowMatches(row, filters));
    // A fetch may have started while the checks ran: wait for it to land first.
    while (!this.opts.canApply()) {
      await new Promise<void>((resolve) => this.schedule(resolve));
      if (this.stopped) return;
    }
    const applied = this.opts.apply(
      {
        fresh,
        results: withAdopted(batch.results, this.orphanResults, fresh),
        policies: withAdopted(batch.policies, this.orphanPolicies, fresh),
        verdicts,
      },
      { seq: batch.seq, lastStoredAtMs: batch.lastStoredAtMs },
    );
    if (applied) {
      keepOrphans(this.orphanResults, applied.orphanResults, fresh);
      keepOrphans(this.orphanPolicies, applied.orphanPolicies, fresh);
    }
  }
}
