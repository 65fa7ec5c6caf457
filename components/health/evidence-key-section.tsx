import type { Health } from "@/lib/contract/health";
import { Notice } from "../ui/notice";

/**
 * Pilot's evidence signing key: the fingerprint an auditor compares with the one the
 * verifier prints (or passes as --key), and where the key comes from.
 */
export function EvidenceKeySection({ evidenceKey }: { evidenceKey: Health["evidenceKey"] }) {
  return (
    <section aria-labelledby="evidence-key-h" className="rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
      <h2 id="evidence-key-h" className="font-medium">Evidence signing key</h2>
      {evidenceKey.ok ? (
        <dl className="mt-2 grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
          <dt className="text-zinc-500">Fingerprint</dt>
          <dd><code data-testid="evidence-fingerprint">{evidenceKey.fingerprint}</code></dd>
          <dt className="text-zinc-500">Public key (Ed25519, base64)</dt>
          <dd><code data-testid="evidence-public-key" className="break-all">{evidenceKey.publicKey}</code></dd>
          <dt className="text-zinc-500">Source</dt>
          <dd>
            {evidenceKey.configured
              ? "PILOT_EVIDENCE_KEY_FILE (every replica signs with it)"
              : "generated in this replica's data directory: set PILOT_EVIDENCE_KEY_FILE so that all replicas sign with one key"}
          </dd>
        </dl>
      ) : (
        <Notice tone="error" title="No evidence signing key">{evidenceKey.error}</Notice>
      )}
      <p className="mt-2 text-xs text-zinc-500">
        Check a bundle offline: <code>npm run verify-evidence -- FILE.tar --key {evidenceKey.ok ? evidenceKey.fingerprint : "KEY"}</code>
      </p>
    </section>
  );
}
