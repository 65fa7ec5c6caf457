import { describe, expect, it } from "vitest";
import { withoutPulls } from "./nats-frames";

describe("withoutPulls", () => {
  it("drops the pull requests from a frame and keeps every other op whole", () => {
    const pull =
      'PUB $JS.API.CONSUMER.MSG.NEXT.ATOMS_VETTED.abc_1 _INBOX.x.1 13\r\n{"batch":100}\r\n';
    const frame = Buffer.from(
      `PING\r\n${pull}PUB $JS.API.CONSUMER.INFO.ATOMS_VETTED.abc_1 _INBOX.y 0\r\n\r\nSUB _INBOX.z 3\r\n`,
      "latin1",
    );
    expect(withoutPulls(frame).toString("latin1")).toBe(
      "PING\r\nPUB $JS.API.CONSUMER.INFO.ATOMS_VETTED.abc_1 _INBOX.y 0\r\n\r\nSUB _INBOX.z 3\r\n",
    );
    expect(withoutPulls(Buffer.from(pull, "latin1")).length).toBe(0);
  });

  it("passes a frame it cannot parse unchanged", () => {
    const partial = Buffer.from('PUB $JS.API.CONSUMER.MSG.NEXT.S.c _INBOX.x 13\r\n{"ba', "latin1");
    expect(withoutPulls(partial)).toBe(partial);
  });
});
