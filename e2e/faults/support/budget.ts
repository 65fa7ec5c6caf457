/**
 * How long the fault suite waits for each condition, sized for a loaded 2-core machine
 * (CI shares it with a build; `test:faults:repeat --busy` keeps a core busy on purpose).
 * Every wait is for a condition, so a generous limit costs nothing when things are quick:
 * a restarted nats-server recovering its JetStream store has taken well over 30 s there.
 * PILOT_FAULTS_SLOW=N multiplies them all, for a machine slower still.
 */
const slow = Math.max(1, Number(process.env.PILOT_FAULTS_SLOW ?? "1") || 1);

export const BUDGET = {
  /** A (re)started nats-server answers /healthz. */
  nodeHealthyMs: 180_000 * slow,
  /** JetStream answers again after a restart. */
  jetStreamBackMs: 180_000 * slow,
  /** Every stream has a leader and all its replicas are current again. */
  clusterHealedMs: 240_000 * slow,
  /** Clients reconnect to another node after theirs is killed. */
  failoverMs: 120_000 * slow,
  /** Pilot answers its health endpoint after a start. */
  appStartMs: 180_000 * slow,
  /** A page (navigation, locators): the production app on a busy machine. */
  pageMs: 120_000 * slow,
  /** A live page shows every message published. */
  convergeMs: 180_000 * slow,
  /** The index equals the streams. */
  indexMs: 240_000 * slow,
} as const;

/** Not a wait: the product's promise. A view missing messages says so within this. */
export const SAYS_BEHIND_WITHIN_MS = 15_000;
