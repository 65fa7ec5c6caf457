export {
  createDemoGenerator,
  demoMessages,
  MALFORMED_RATE,
  BIG_SESSION_NODES,
  type DemoGeneratorOptions,
} from "./generator";
export { demoKeys, demoTrustedSigners, type DemoKey, type DemoKeys } from "./keys";
export { demoPayloadBytes, type DemoMessage, type SignatureState } from "./types";
export { CAPABILITIES, DOMAINS, DEFAULT_START_NS, type Capability, type Domain } from "./context";
export { Prng } from "./prng";
export { uuidV4, uuidV7 } from "./ids";
