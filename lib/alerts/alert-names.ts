/**
 * The names of the alert store on NATS, from its configured name (PILOT_ALERT_STORE,
 * default `PILOT_ALERT`), the same scheme as the accounts store (lib/auth/shared-names.ts).
 * Pure: the browser credential's deny list and the tests derive the same names.
 */
import { streamApiDenies } from "../auth/shared-names";

export const DEFAULT_ALERT_STORE = "PILOT_ALERT";

/** The root of every alert store's subjects (whatever PILOT_ALERT_STORE names it). */
export const ALERT_SUBJECT_ROOT = "pilot.alert";

export interface AlertNames {
  /** KV bucket: `rule.<id>` → the rule (with its webhook secret). */
  rules: string;
  /** Stream of firings, delivery attempts and acknowledgements. */
  stream: string;
  subjects: { firing: string; delivery: string; ack: string; all: string };
  /** The one durable consumer every replica pulls firings from to deliver them. */
  deliverer: string;
}

export function alertNames(name: string = DEFAULT_ALERT_STORE): AlertNames {
  const root = `${ALERT_SUBJECT_ROOT}.${name}`;
  return {
    rules: `${name}_RULES`,
    stream: `${name}_EVENTS`,
    subjects: { firing: `${root}.firing`, delivery: `${root}.delivery`, ack: `${root}.ack`, all: `${root}.>` },
    deliverer: "pilot-alert-deliver",
  };
}

/**
 * What a browser credential is denied outright: the JetStream API on the alert store's two
 * streams (the rules hold webhook URLs and signing secrets), the bucket's KV subjects and
 * the store's subjects.
 */
export function alertStoreDenies(names: AlertNames): string[] {
  return [`$KV.${names.rules}.>`, names.subjects.all, ...[`KV_${names.rules}`, names.stream].flatMap(streamApiDenies)];
}
