"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { ADMIN_ITEMS, AUDITOR_ITEMS, NAV_ITEMS } from "./nav-items";

export function SideNav({ admin, auditor = admin }: { admin: boolean; auditor?: boolean }) {
  const pathname = usePathname();
  const router = useRouter();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 p-3">
      {[...NAV_ITEMS, ...(auditor ? AUDITOR_ITEMS : []), ...(admin ? ADMIN_ITEMS : [])].map((item) => {
        // "/" is the Overview only, not a prefix of every page.
        const active = pathname === item.href || (item.href !== "/" && pathname.startsWith(`${item.href}/`));
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            // Prefetched when the person points at it, not on every page load: a prefetch
            // per section renders each section on the server while this page is loading.
            prefetch={false}
            onMouseEnter={() => router.prefetch(item.href)}
            onFocus={() => router.prefetch(item.href)}
            className={`rounded-md px-3 py-2 text-sm ${
              active
                ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900"
                : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
