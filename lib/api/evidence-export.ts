import "server-only";
import { z } from "zod";
import { spoolBundle, type BundleMeta, type BundleSigner } from "@/lib/evidence/bundle-writer";
import { EvidenceBytesMissing, type EvidenceKeys } from "@/lib/store";
import { auditFilterShape, toAuditFilter } from "./audit-params";
import { intentListParams } from "./intents";
import { enumParam, ordered } from "./params";
import { failed, json, parseParams, storeOf, type StoreSource } from "./respond";
import { withinBudget, type Searcher } from "./search-budget";

/*
 * `GET /api/evidence?source=audit|intents&<that list's filter>`: an evidence bundle
 * (lib/evidence/format.ts) of every match of the query, signed with Pilot's key. The
 * matches are taken as keys (8 bytes each), the messages read in stream order a chunk at
 * a time and spooled to a private temporary directory, then the tar is streamed with its
 * Content-Length; memory stays flat whatever the size.
 */
const sourceParam = z.object({ source: enumParam(["audit", "intents"]) });
const auditEvidenceParams = z
  .object({ ...auditFilterShape, source: z.literal("audit") })
  .superRefine(ordered);
const intentEvidenceParams = intentListParams.safeExtend({ source: z.literal("intents") });

/** The header that says how many records the bundle holds. */
export const EVIDENCE_RECORDS_HEADER = "x-pilot-evidence-records";

export interface EvidenceContext {
  signer: BundleSigner;
  pilot: { name: string; version: string };
  who: string;
  now: number;
  searcher?: Searcher;
  tmpDir?: string;
}

function compactUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export async function handleEvidenceExport(store: StoreSource, url: URL, ctx: EvidenceContext): Promise<Response> {
  const which = parseParams(sourceParam.loose(), url);
  if (!which.ok) return which.response;
  let keys: EvidenceKeys | Response;
  let range: { from?: number; to?: number };
  if (which.value.source === "audit") {
    const p = parseParams(auditEvidenceParams, url);
    if (!p.ok) return p.response;
    const filter = toAuditFilter(p.value, 0);
    range = p.value;
    try {
      keys = withinBudget(ctx.searcher, filter.match !== undefined, () => storeOf(store).auditEvidenceKeys(filter));
    } catch (error) {
      return failed(error);
    }
  } else {
    const p = parseParams(intentEvidenceParams, url);
    if (!p.ok) return p.response;
    const { q, copies, source: _source, cursor: _cursor, limit: _limit, ...filter } = p.value;
    range = p.value;
    try {
      keys = withinBudget(ctx.searcher, q !== undefined, () =>
        storeOf(store).intentEvidenceKeys({ ...filter, conflict: copies === "conflicting", match: q }),
      );
    } catch (error) {
      return failed(error);
    }
  }
  if (keys instanceof Response) return keys;
  const meta: BundleMeta = {
    pilot: ctx.pilot,
    createdAt: new Date(ctx.now).toISOString(),
    exportedBy: ctx.who,
    query: { source: which.value.source, params: Object.fromEntries(url.searchParams) },
    range: { from: iso(range.from), to: iso(range.to) },
  };
  try {
    const bundle = await spoolBundle(storeOf(store).evidenceRows(keys), meta, ctx.signer, { tmpDir: ctx.tmpDir });
    const name = `pilot-evidence-${which.value.source}-${compactUtc(ctx.now)}.tar`;
    return new Response(bundle.body(), {
      headers: {
        "content-type": "application/x-tar",
        "content-length": String(bundle.size),
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
        [EVIDENCE_RECORDS_HEADER]: String(bundle.manifest.records),
        "x-pilot-evidence-filename": name,
        "x-pilot-evidence-key": bundle.manifest.publicKey,
      },
    });
  } catch (error) {
    if (error instanceof EvidenceBytesMissing) {
      // Nothing was sent yet: the spool is gone, the person is told why and what to do.
      return json(
        {
          error: `${error.message}: audit events indexed before this Pilot kept messages' bytes, or imported from executor log files, cannot go in a bundle; npm run reindex reads them again from the streams, or narrow the query`,
        },
        409,
      );
    }
    return failed(error);
  }
}
