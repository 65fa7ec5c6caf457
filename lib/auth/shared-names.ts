/**
 * The names of the shared accounts store on NATS, from its configured name
 * (PILOT_AUTH_STORE, default `PILOT_AUTH`). Pure: the browser credential's deny list
 * (lib/nats/auth/browser-credential.ts) and the tests derive the same names.
 */
export const DEFAULT_AUTH_STORE = "PILOT_AUTH";

export interface SharedNames {
  /** Accounts (user.<id>), their name index (name.<hash>), external identities (ext.<hash>), meta.* */
  accounts: string;
  /** Sessions (s.<token hash>) and pending SSO sign-ins (sso.<state hash>); the bucket's TTL ends the forgotten ones. */
  sessions: string;
  /** Sign-in throttle rows (t.<address hash>.<account hash>); a quiet day forgets them. */
  throttle: string;
  /** Saved views (v.<uuid>): a page's address under a name, private or shared (lib/auth/saved-views.ts). */
  views: string;
  /** The access-log stream and its one subject. */
  logStream: string;
  logSubject: string;
}

/** The root of every accounts store's log subject (whatever PILOT_AUTH_STORE names it). */
export const AUTH_LOG_ROOT = "pilot.auth-log";

/**
 * A stream of an accounts store, of this Pilot or another on the same NATS: a KV bucket's
 * stream (`KV_…`) or an access log (its subjects all under AUTH_LOG_ROOT). Discovery,
 * capture and ingest never plan one.
 */
export function isAccountsStoreStream(s: { name: string; subjects: readonly string[] }): boolean {
  return s.name.startsWith("KV_") || (s.subjects.length > 0 && s.subjects.every((subject) => subject.startsWith(`${AUTH_LOG_ROOT}.`)));
}

export function sharedNames(name: string = DEFAULT_AUTH_STORE): SharedNames {
  return {
    accounts: `${name}_ACCOUNTS`,
    sessions: `${name}_SESSIONS`,
    throttle: `${name}_THROTTLE`,
    views: `${name}_VIEWS`,
    logStream: `${name}_LOG`,
    logSubject: `${AUTH_LOG_ROOT}.${name}`,
  };
}

/** The JetStream stream behind a KV bucket (the KV convention). */
export const kvStream = (bucket: string) => `KV_${bucket}`;

/** Every stream of the shared store: what no browser credential may name. */
export function sharedStreams(names: SharedNames): string[] {
  return [kvStream(names.accounts), kvStream(names.sessions), kvStream(names.throttle), kvStream(names.views), names.logStream];
}

/**
 * Subjects a browser credential is denied outright, on top of its allow list not naming
 * them: the JetStream API on the store's streams (info, direct and stored-message gets,
 * every consumer operation), the buckets' KV subjects and the log's subject. Deny wins
 * over any allow in nats-server, so a later, wider allow cannot open them by mistake.
 */
export function sharedStoreDenies(names: SharedNames): string[] {
  const kvSubjects = [names.accounts, names.sessions, names.throttle, names.views].map((b) => `$KV.${b}.>`);
  return [...kvSubjects, names.logSubject, ...sharedStreams(names).flatMap(streamApiDenies)];
}

/** The JetStream API subjects that reach one stream: info, direct and stored-message gets, every consumer operation. */
export function streamApiDenies(stream: string): string[] {
  return [
    `$JS.API.STREAM.*.${stream}`,
    `$JS.API.STREAM.MSG.*.${stream}`,
    `$JS.API.DIRECT.GET.${stream}`,
    `$JS.API.DIRECT.GET.${stream}.>`,
    `$JS.API.CONSUMER.*.${stream}`,
    `$JS.API.CONSUMER.*.${stream}.>`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.*`,
  ];
}
