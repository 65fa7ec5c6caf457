import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/signin-form";
import { safeNext } from "@/lib/auth/safe-next";
import { signInErrorMessage } from "@/lib/auth/signin-errors";
import { currentUser, getAuth } from "@/lib/auth/server-auth";
import { getConfig } from "@/lib/config";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeNext(typeof sp.next === "string" ? sp.next : null);
  // NATS unreachable before the accounts store was ever opened: the page says so.
  const auth = await getAuth().catch(() => null);
  if (auth && (await currentUser())) redirect(next);
  await auth?.ensureFirstAdmin().catch(() => undefined);
  const { oidc } = getConfig().auth;
  // A fixed sentence for a known code, never the text of the URL (signin-errors.ts).
  const error = signInErrorMessage(sp.error);
  return (
    <main className="mx-auto mt-24 flex w-80 flex-col gap-6">
      <div>
        <h1 className="text-xl font-semibold">Pilot</h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Sign in to see what the agents did.</p>
      </div>
      {auth === null ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          Pilot cannot reach its accounts store (NATS) right now: try again in a moment.
        </p>
      ) : auth.countUsers() === 0 && !oidc ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100">
          No account exists yet. Set <code>PILOT_ADMIN_PASSWORD</code> (12 characters or more) and restart Pilot: it creates the first admin,{" "}
          <code>{getConfig().auth.admin.user}</code>.
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <SignInForm next={next} oidc={oidc !== null} />
    </main>
  );
}
