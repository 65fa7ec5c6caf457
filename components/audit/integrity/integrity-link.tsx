import Link from "next/link";

/** The Audit page's way to the integrity view (signatures, digests, TTLs, unaudited results). */
export function IntegrityLink() {
  return (
    <Link
      href="/audit/integrity"
      className="rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      Integrity checks
    </Link>
  );
}
