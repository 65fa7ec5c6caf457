export interface NavItem {
  href: string;
  label: string;
  description: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Overview", description: "What needs attention now" },
  { href: "/intents", label: "Intents", description: "What the agents asked to run, live" },
  { href: "/audit", label: "Audit", description: "Policy decisions and executions, searchable" },
  { href: "/sessions", label: "Sessions", description: "Agent execution DAGs as they run" },
  { href: "/scorecards", label: "Scorecards", description: "How each coder model performs" },
  { href: "/quarantine", label: "Quarantine", description: "Messages that broke the protocol" },
  { href: "/health", label: "Health", description: "Streams, counts and connections" },
];

/** Shown to auditors and admins (the pages check the role on the server too). */
export const AUDITOR_ITEMS: readonly NavItem[] = [{ href: "/alerts", label: "Rules", description: "Alert rules, firings and their webhook deliveries" }];

/** Shown to admins only (the pages check the role on the server too). */
export const ADMIN_ITEMS: readonly NavItem[] = [
  { href: "/admin/users", label: "Users", description: "Accounts and roles" },
  { href: "/admin/access-log", label: "Access log", description: "Who saw, searched, exported or changed what" },
];
