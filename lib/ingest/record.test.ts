import { headers } from "@nats-io/nats-core";
import { describe, expect, it } from "vitest";
import { headersToRecord, toIngestRecord } from "./record";

describe("toIngestRecord", () => {
  it("keeps the payload bytes, every header value and the exact publish nanoseconds", () => {
    const h = headers();
    h.append("capability-digest", "sha256:abc");
    h.append("X-Multi", "one");
    h.append("X-Multi", "two");
    const payload = new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]);
    const record = toIngestRecord("ATOMS_VETTED", {
      seq: 42,
      subject: "smith.intents.vetted.fs.read.v1",
      headers: h,
      data: payload,
      timestampNanos: 1748768400123456789n,
    });
    expect(record).toEqual({
      stream: "ATOMS_VETTED",
      seq: 42,
      subject: "smith.intents.vetted.fs.read.v1",
      headers: { "capability-digest": ["sha256:abc"], "X-Multi": ["one", "two"] },
      payload,
      publishedAtNs: 1748768400123456789n,
    });
    expect(record.payload).toBe(payload);
  });

  it("has null headers when there are none", () => {
    expect(headersToRecord(undefined)).toBeNull();
    expect(headersToRecord(headers())).toBeNull();
  });
});
