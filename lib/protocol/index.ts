// The protocol layer: schemas and types for every wire format Pilot reads, lossless
// JSON, canonical JSON and intent signatures. Depends on nothing else in the project
// and runs in Node and in the browser.
export * from "./canonical";
export * from "./issues";
export * from "./json";
export * from "./newt";
export * from "./newt-certchain";
export * from "./newt-certchain-verify";
export * from "./newt-plugin";
export * from "./primitives";
export * from "./signature";
export * from "./skilllite";
export * from "./smith-audit";
export * from "./smith-benchmark";
export * from "./smith-events";
export * from "./smith-graph";
export * from "./smith-policy";
export * from "./smith-intent";
export * from "./smith-planner";
export * from "./smith-result";
export * from "./subjects";
export * from "./policy-outcome";
