import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadSettings } from "../lib/env";
import { demoTrustedSigners } from "../lib/testing/demo/keys";
import { startNatsStack } from "../lib/testing/nats/stack";
import { buildApp, killGroup, startApp, waitForHttp } from "./support/app-process";
import { freePort } from "../lib/testing/nats/free-port";
import { generatePassword } from "../lib/auth/passwords";
import { createAccounts, ROLES_FOR_TESTS, signInState, stateFileFor } from "./support/accounts";
import { IDP_ALLOWED, IDP_CLIENT, startIdp } from "./support/oidc-idp";
import { E2E_SEED } from "./support/intents";
import { readStackState, writeStackState } from "./support/stack-state";

/**
 * A real nats-server on free ports with a temporary store, and the real app (production
 * build) pointed at it. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(path.join(tmpdir(), "pilot-e2e-"));
  const [natsPort, wsPort, httpPort, appPort, idpPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const idp = await startIdp(idpPort, `http://127.0.0.1:${appPort}/api/auth/oidc/callback`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PILOT_DATA_DIR: path.join(dir, "data"),
    NATS_PORT: String(natsPort),
    NATS_WS_PORT: String(wsPort),
    NATS_HTTP_PORT: String(httpPort),
    // Specs sign with the demo keys of E2E_SEED; these three are trusted, the fourth not.
    PILOT_TRUSTED_SIGNERS: demoTrustedSigners(E2E_SEED).join(","),
    // Short, so that e2e/custody.spec.ts sees an unanswered intent read "no result" soon.
    PILOT_NO_RESULT_GRACE_SECONDS: "2",
    PILOT_ADMIN_USER: "e2e-admin",
    PILOT_ADMIN_PASSWORD: generatePassword(),
    PILOT_OIDC_ISSUER: idp.issuer,
    PILOT_OIDC_CLIENT_ID: IDP_CLIENT.id,
    PILOT_OIDC_CLIENT_SECRET: IDP_CLIENT.secret,
    PILOT_OIDC_ALLOWED_DOMAINS: IDP_ALLOWED.domains,
    PILOT_OIDC_ALLOWED_GROUPS: IDP_ALLOWED.groups,
    PILOT_PUBLIC_URL: `http://127.0.0.1:${appPort}`,
  };
  delete env.NATS_URL;
  delete env.NATS_WS_URL;
  const settings = loadSettings(env);
  const accounts = await createAccounts(settings.auth);
  // The app is built with every secret in its environment, so that the bundle scan
  // (e2e/security.spec.ts) would find any that leaked into client code.
  // The NATS keys (operator, accounts, the signing key that mints every user) are in the
  // data dir before the build: a bundle that had read them would hold them.
  if (settings.natsAuth.mode !== "jwt") throw new Error("the e2e stack runs Pilot's own NATS, with JWT auth");
  const natsAuthFile = settings.natsAuth.keysFile;
  // Another instance of the app (a spec's, with its own data dir) signs in with the same keys.
  env.PILOT_NATS_AUTH_FILE = natsAuthFile;
  const secrets = [settings.auth.admin.password ?? "", ...Object.values(accounts).map((a) => a.pass), ...Object.values(settings.natsAuth.keys)].filter(Boolean);
  const nats = await startNatsStack(settings, { storeDir: path.join(dir, "nats") });
  const stateFile = path.join(dir, "state.json");
  process.env.PILOT_E2E_STATE = stateFile;
  writeStackState(
    {
      baseUrl: `http://127.0.0.1:${appPort}`,
      dataDir: settings.dataDir,
      natsUrl: settings.nats.url,
      natsPid: nats.child.pid ?? -1,
      natsLaunch: nats.launch,
      natsHttpUrl: `http://${settings.nats.httpHost}:${settings.nats.httpPort}`,
      natsAuthFile,
      accounts: {
        admin: { ...accounts.admin, storageState: stateFileFor(dir, "admin") },
        auditor: { ...accounts.auditor, storageState: stateFileFor(dir, "auditor") },
        viewer: { ...accounts.viewer, storageState: stateFileFor(dir, "viewer") },
      },
      secrets,
      appEnv: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === "string" && /^(NATS_|PILOT_|PATH$|HOME$|NODE_)/.test(e[0]))),
    },
    stateFile,
  );

  buildApp(env);
  const logPath = path.join(dir, "app.log");
  const app = startApp(appPort, env, logPath);
  try {
    await waitForHttp(`http://127.0.0.1:${appPort}/api/health/live`, 30_000, app);
    for (const role of ROLES_FOR_TESTS) await signInState(`http://127.0.0.1:${appPort}`, accounts[role], stateFileFor(dir, role));
  } catch (err) {
    killGroup(app);
    await nats.stop();
    await idp.stop();
    console.error(readFileSync(logPath, "utf8").slice(-4000));
    throw err;
  }

  return async () => {
    killGroup(app);
    await idp.stop();
    // A spec may have restarted nats-server: stop whichever process the state names.
    const { natsPid } = readStackState();
    await nats.stop();
    try {
      if (natsPid !== nats.child.pid) process.kill(natsPid, "SIGTERM");
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
