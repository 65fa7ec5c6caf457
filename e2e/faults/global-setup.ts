import { buildApp } from "../support/app-process";

/** Every fault runs the production build; PILOT_E2E_SKIP_BUILD=1 reuses the one there is (CI builds it for the e2e suite just before). */
export default function setup(): void {
  buildApp();
}
