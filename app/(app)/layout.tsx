import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/shell/providers";
import { currentUser, getAuth } from "@/lib/auth/server-auth";
import { listViews } from "@/lib/auth/saved-views";

export const dynamic = "force-dynamic";

/**
 * Every page of the app needs a signed-in user (each page checks its own role too:
 * layouts are kept across client navigations, so they cannot be the only check).
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent((await headers()).get("x-pilot-path") ?? "/")}`);
  // The saved views are in the first HTML (read from this replica's mirror of the bucket, no round trip).
  const views = listViews((await getAuth()).shared.views, user);
  return (
    <Providers>
      <AppShell user={{ username: user.username, role: user.role }} views={views}>
        {children}
      </AppShell>
    </Providers>
  );
}
