import Link from "next/link";
import { integrityHref, type IntegrityLinkProps } from "@/lib/queries/integrity";

/** The Audit page's way to the integrity view (signatures, digests, TTLs, unaudited results). */
export function IntegrityLink(props: IntegrityLinkProps) {
  return (
    <Link
      href={integrityHref(props)}
      className="rounded-md border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      Integrity checks
    </Link>
  );
}
