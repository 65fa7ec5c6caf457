// The audit answers `npm run bench:scale` times, each as the API route receives it.
// `newest` is the newest event's time: ranges are relative to the history, not to now,
// so an index built incrementally (older sizes hold the older part) asks the same thing.
export interface ScaleAnswer {
  name: string;
  handler: "search" | "histogram" | "groups" | "export";
  path: string;
  query: (newest: number) => string;
}

const DAY = 24 * 3_600_000;

export const SCALE_ANSWERS: readonly ScaleAnswer[] = [
  { name: "page + facets, all time", handler: "search", path: "", query: () => "limit=50" },
  { name: "page + facets, executor + status", handler: "search", path: "", query: () => "executor=exec-prod-04&status=ok&limit=50" },
  { name: "page + facets, last 24 h", handler: "search", path: "", query: (n) => `from=${n - DAY}&limit=50` },
  { name: "full text, one word", handler: "search", path: "", query: () => "q=kubeconfig&limit=50" },
  { name: "full text, phrase + filter", handler: "search", path: "", query: () => "q=%22outside%20the%20allowlist%22&executor=exec-ci-02&limit=50" },
  { name: "full text, one word, last 24 h", handler: "search", path: "", query: (n) => `q=kubeconfig&from=${n - DAY}&limit=50` },
  { name: "histogram, all time", handler: "histogram", path: "/histogram", query: () => "buckets=60" },
  { name: "histogram, filter, last 24 h", handler: "histogram", path: "/histogram", query: (n) => `decision=deny&from=${n - DAY}&buckets=60` },
  { name: "histogram, full text, all time", handler: "histogram", path: "/histogram", query: () => "q=kubeconfig&buckets=60" },
  { name: "histogram, full text, last 24 h", handler: "histogram", path: "/histogram", query: (n) => `q=kubeconfig&from=${n - DAY}&buckets=60` },
  { name: "grouped by intent", handler: "groups", path: "/groups", query: () => "limit=50" },
  { name: "grouped by intent + full text", handler: "groups", path: "/groups", query: () => "q=kubeconfig&limit=50" },
  { name: "export, first byte", handler: "export", path: "/export", query: () => "format=csv" },
  { name: "export + filter, first byte", handler: "export", path: "/export", query: () => "executor=exec-prod-04&format=jsonl" },
];
