export interface NavItem {
  href: string;
  label: string;
  description: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/intents", label: "Intents", description: "What the agents asked to run, live" },
  { href: "/audit", label: "Audit", description: "Policy decisions and executions, searchable" },
  { href: "/sessions", label: "Sessions", description: "Agent execution DAGs as they run" },
  { href: "/scorecards", label: "Scorecards", description: "How each coder model performs" },
  { href: "/quarantine", label: "Quarantine", description: "Messages that broke the protocol" },
  { href: "/health", label: "Health", description: "Streams, counts and connections" },
];
