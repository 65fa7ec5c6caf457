import Link from "next/link";

/** Signed in, but the role does not allow this page. */
export default function Forbidden() {
  return (
    <main className="mx-auto mt-24 flex max-w-md flex-col gap-3">
      <h1 className="text-xl font-semibold">Not allowed</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">Your role does not include this page. An admin can give you another role.</p>
      <Link href="/" className="text-sm underline">
        Back to Pilot
      </Link>
    </main>
  );
}
