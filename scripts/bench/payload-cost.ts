// Where the time of reading audit payloads goes (decompressing frames vs decoding messages).
import Database from "better-sqlite3";
import { decodeFrame } from "../../lib/store/audit/payload-frames";
import { payloadColumns } from "../../lib/store/audit/payload-columns";
const db = new Database(process.argv[2] ?? "", { readonly: true });
const frames = db.prepare<Buffer>("SELECT data FROM audit_payloads WHERE frame BETWEEN 1000 AND 1099").pluck().all();
for (let round = 0; round < 3; round++) {
  let t = performance.now();
  const entries = frames.flatMap((f) => decodeFrame(f));
  const dec = performance.now() - t;
  t = performance.now();
  for (const e of entries) payloadColumns(e, "execution");
  const cols = performance.now() - t;
  console.log(`${frames.length} frames: ${((dec * 1000) / frames.length).toFixed(1)} µs/frame; ${entries.length} messages: ${((cols * 1000) / entries.length).toFixed(1)} µs/message to columns`);
}
