"use client";

import { useState } from "react";
import { z } from "zod";
import { safeNext } from "@/lib/auth/safe-next";

const answerSchema = z.object({ error: z.string() }).partial();


export function SignInForm({ next, oidc }: { next: string; oidc: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (form: FormData) => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch("/api/auth/signin", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: form.get("username"), password: form.get("password") }),
      });
      if (res.ok) {
        // A full load: the app's providers start fresh with the new session.
        window.location.assign(safeNext(next));
        return;
      }
      const body = answerSchema.safeParse(await res.json().catch(() => ({})));
      setError(body.data?.error ?? `Sign-in failed (${res.status}).`);
    } catch {
      setError("Pilot could not be reached.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="flex flex-col gap-4">
      <form
        // onSubmit, not a form action: React resets a form after its action, which would
        // clear what the person typed while the previous attempt was still answering.
        onSubmit={(e) => {
          e.preventDefault();
          void submit(new FormData(e.currentTarget));
        }}
        className="flex flex-col gap-3"
        aria-label="Sign in"
      >
        <label className="flex flex-col gap-1 text-sm">
          User name
          <input name="username" autoComplete="username" required className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Password
          <input name="password" type="password" autoComplete="current-password" required className="rounded-md border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-900" />
        </label>
        {error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy} className="rounded-md bg-zinc-900 px-3 py-1.5 text-sm text-white disabled:opacity-60 dark:bg-zinc-100 dark:text-zinc-900">
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {oidc ? (
        <a href={`/api/auth/oidc/start?next=${encodeURIComponent(safeNext(next))}`} className="rounded-md border border-zinc-300 px-3 py-1.5 text-center text-sm dark:border-zinc-700">
          Sign in with single sign-on
        </a>
      ) : null}
    </div>
  );
}
