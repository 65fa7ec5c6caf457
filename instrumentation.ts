/**
 * Runs once when the server starts: a bad environment stops it here, naming the variable;
 * then ingest starts in this process unless PILOT_INGEST=off (`npm run ingest` runs it),
 * and the layout thread warms up and keeps recent sessions' layouts ready.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getConfig } = await import("./lib/config");
    const config = getConfig();
    // `next build` may load instrumentation to prerender: ingest belongs to the running server.
    if (process.env.NEXT_PHASE === "phase-production-build") return;
    if (config.ingest.inProcess) {
      const { startServerIngest } = await import("./lib/ingest/server-ingest");
      startServerIngest();
    }
    // Session pages open with a layout made here: ELK's code is compiled before the first,
    // and the most recently active sessions' layouts are kept ready.
    const { warmServerLayout } = await import("./lib/graph/server-layout");
    const { startLayoutKeeper } = await import("./lib/graph/layout-keeper");
    const { getStore } = await import("./lib/store/server-store");
    warmServerLayout();
    startLayoutKeeper(getStore);
  }
}
