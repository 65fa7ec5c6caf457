import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/shell/providers";
import { currentUser } from "@/lib/auth/server-auth";

export const dynamic = "force-dynamic";

/**
 * Every page of the app needs a signed-in user (each page checks its own role too:
 * layouts are kept across client navigations, so they cannot be the only check).
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect(`/signin?next=${encodeURIComponent((await headers()).get("x-pilot-path") ?? "/")}`);
  return (
    <Providers>
      <AppShell user={{ username: user.username, role: user.role }}>{children}</AppShell>
    </Providers>
  );
}
