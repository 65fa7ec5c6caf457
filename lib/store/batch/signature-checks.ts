import "server-only";
import { verifyIntentSignature, type SignatureVerdict } from "@/lib/protocol/signature";
import { ed25519Worker, type Ed25519Job, type Ed25519Worker } from "./ed25519-worker";
import { nodeEd25519Verify } from "./node-ed25519";

/** Checks per message to the worker: small enough that the first answers come early. */
const CHUNK = 32;

/** `verifyIntentSignature` with Node's Ed25519, on this thread. */
export function verifyHere(raw: string, trustedSigners: readonly string[]): SignatureVerdict {
  return verifyIntentSignature(raw, { trustedSigners, verify: nodeEd25519Verify });
}

/** The verdict of one intent, computed or collected on first call. */
export type VerdictHandle = () => SignatureVerdict;

/**
 * One batch's signature checks. `begin` runs everything but the Ed25519 check at once,
 * through `verifyIntentSignature` itself: its `verify` hook records the check and says
 * "matches", which gives the verdict for a matching signature. The recorded checks go to
 * the worker in chunks while the caller goes on decoding the batch; the handle then
 * takes the worker's answer, and only a signature that does not match (or a check that
 * threw there) runs `verifyIntentSignature` again here, with the real answer. The
 * verdicts are therefore exactly those of `verifyIntentSignature` with Node's Ed25519.
 */
export function createSignatureBatch(trustedSigners: readonly string[]) {
  const candidate = ed25519Worker();
  const worker: Ed25519Worker | null = candidate?.ready ? candidate : null;
  const inline = (raw: string) => verifyHere(raw, trustedSigners);
  let open: Ed25519Job[] = [];
  /** Worker message id of each posted chunk, by chunk number. */
  const posted: number[] = [];
  const answers = new Map<number, (boolean | null)[] | null>();

  function post(): void {
    if (!worker || open.length === 0) return;
    posted.push(worker.post(open));
    open = [];
  }

  function answer(chunk: number, at: number): boolean | null {
    if (!worker) return null;
    if (chunk >= posted.length) post();
    let out = answers.get(chunk);
    if (out === undefined) {
      const id = posted[chunk];
      out = id === undefined ? null : worker.take(id);
      answers.set(chunk, out);
    }
    return out?.[at] ?? null;
  }

  return {
    begin(raw: string): VerdictHandle {
      let verdict: SignatureVerdict | undefined;
      if (!worker) return () => (verdict ??= inline(raw));
      const seen: { job?: Ed25519Job } = {};
      const ifMatching = verifyIntentSignature(raw, {
        trustedSigners,
        verify: (signature, message, publicKey) => {
          seen.job = { signature, message, publicKey };
          return true;
        },
      });
      if (!seen.job) return () => ifMatching;
      const chunk = posted.length;
      const at = open.length;
      open.push(seen.job);
      if (open.length >= CHUNK) post();
      return () => {
        if (verdict) return verdict;
        const matches = answer(chunk, at);
        verdict =
          matches === true
            ? ifMatching
            : matches === false
              ? verifyIntentSignature(raw, { trustedSigners, verify: () => false })
              : inline(raw);
        return verdict;
      };
    },

    /** Sends what is still open; call once every intent of the batch has begun. */
    flush: post,

    /** Drops the answers this batch did not take (it failed half-way). */
    dispose(): void {
      if (!worker) return;
      worker.forget(posted.filter((_, chunk) => !answers.has(chunk)));
    },
  };
}

export type SignatureBatch = ReturnType<typeof createSignatureBatch>;
