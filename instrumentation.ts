/**
 * Runs once when the server starts: a bad environment stops it here, naming the variable;
 * then ingest starts in this process unless PILOT_INGEST=off (`npm run ingest` runs it),
 * and recent sessions' layouts are kept ready.
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
    // Session pages open with a layout made here: the most recently active sessions' layouts
    // are kept ready. (ELK warms up when someone looks at sessions, not at start: warming
    // at start took a core from everything else a starting server does.)
    // The shared accounts store opens now, not at the first request: an older auth.sqlite is
    // imported (and the server log says so) before anyone signs in, and the first admin
    // (PILOT_ADMIN_PASSWORD) is created, so the first sign-in does not hash twice. If NATS
    // is not up yet, the first request tries again.
    // Alert rules are evaluated and firings delivered by every replica (lib/alerts); if
    // NATS is not up yet, the first request to the Rules page tries again.
    const { getAlerts } = await import("./lib/alerts/server-alerts");
    void getAlerts().catch(() => undefined);
    const { getAuth } = await import("./lib/auth/server-auth");
    void getAuth()
      .then((auth) => auth.ensureFirstAdmin())
      .catch(() => undefined);
    const { startLayoutKeeper } = await import("./lib/graph/layout-keeper");
    const { getStore } = await import("./lib/store/server-store");
    startLayoutKeeper(getStore);
  }
}
