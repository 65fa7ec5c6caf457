import Link from "next/link";
import { Suspense, type ReactNode } from "react";
import { LiveIndicator } from "../live/live-indicator";
import { ShortcutsHelp } from "./shortcuts-help";
import type { SavedView } from "@/lib/contract/saved-views";
import { SavedViewsNav } from "./saved-views-nav";
import { SideNav } from "./side-nav";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";
import { TimeZoneToggle } from "../ui/time-zone";

export function AppShell({ children, user, views }: { children: ReactNode; user: { username: string; role: string }; views: SavedView[] }) {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="flex h-12 items-center justify-between border-b border-zinc-200 px-4 dark:border-zinc-800">
        <Link href="/" prefetch={false} className="font-semibold tracking-tight">
          Pilot
        </Link>
        <div className="flex items-center gap-3">
          <LiveIndicator />
          <TimeZoneToggle />
          <ThemeToggle />
          <UserMenu user={user} />
        </div>
      </header>
      <div className="flex flex-1">
        <aside className="w-48 shrink-0 border-r border-zinc-200 dark:border-zinc-800">
          <SideNav admin={user.role === "admin"} auditor={user.role === "admin" || user.role === "auditor"} />
          {/* It reads the page's query (the view to save): rendered on the client, not blocking the page. */}
          <Suspense fallback={null}>
            <SavedViewsNav initial={views} />
          </Suspense>
        </aside>
        <main className="min-w-0 flex-1 p-6">{children}</main>
        <ShortcutsHelp />
      </div>
    </div>
  );
}
