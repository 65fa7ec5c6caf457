import { describe, expect, it } from "vitest";
import { freePort } from "./free-port";

describe("freePort", () => {
  it("never hands out the same port twice in a process, though none is bound in between", async () => {
    const ports: number[] = [];
    for (let i = 0; i < 50; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(50);
  });
});
