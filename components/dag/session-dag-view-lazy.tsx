"use client";

import dynamic from "next/dynamic";

// The view (React Flow and the page's own code) is fetched as this module loads, beside
// the page's hydration, rather than in the page's first JS: nothing of it can be drawn
// before the graph and its layout (computed by the server, streamed with the page) are here.
let load: Promise<typeof import("./session-dag-view")> | null = null;
if (typeof window !== "undefined") {
  load = import("./session-dag-view");
  // A failed fetch is reported where the view is rendered (next/dynamic), not as unhandled here.
  load.catch(() => undefined);
}

export const SessionDagViewLazy = dynamic(() => (load ?? import("./session-dag-view")).then((m) => m.SessionDagView), {
  ssr: false,
  loading: () => (
    <p role="status" aria-label="Loading the graph view" className="py-8 text-center text-sm text-zinc-500">
      Loading the graph view…
    </p>
  ),
});
