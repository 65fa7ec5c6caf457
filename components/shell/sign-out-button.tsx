"use client";

/**
 * Signs out with a JSON POST: every state-changing route takes JSON only (a plain form could
 * be posted from any site), then a full load of the sign-in page.
 */
export function SignOutButton() {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void fetch("/api/auth/signout", { method: "POST", headers: { "content-type": "application/json" }, body: "{}", redirect: "manual" })
          .catch(() => undefined)
          // A full load (not the router): the providers and the live connection start over, signed out.
          .finally(() => window.location.replace("/signin"));
      }}
    >
      <button type="submit" className="rounded-md border border-zinc-300 px-2 py-1 dark:border-zinc-700">
        Sign out
      </button>
    </form>
  );
}
