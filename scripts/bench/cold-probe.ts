// The first answer after a start alone (what scale-probe.ts times first), for a CPU profile.
import { handleAuditSearch } from "../../lib/api/audit";
import { openStore } from "../../lib/store";
const t0 = performance.now();
const store = openStore(process.argv[2] ?? "");
const open = performance.now() - t0;
const res = handleAuditSearch(store, new URL("http://bench/api/audit?limit=50"));
await res.json();
console.log(JSON.stringify({ open, cold: performance.now() - t0 }));
store.close();
