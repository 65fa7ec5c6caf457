"use client";

import dynamic from "next/dynamic";
import { GraphViewLoading } from "./graph-view-loading";

// The view (React Flow and the page's own code) is a chunk of its own, not in the page's
// first JS. Rendered on the server (as far as its placeholder: see SessionDagView), it is
// preloaded by the page's HTML beside the first JS instead of fetched once hydration asks.
export const SessionDagViewLazy = dynamic(() => import("./session-dag-view").then((m) => m.SessionDagView), {
  loading: () => <GraphViewLoading />,
});
