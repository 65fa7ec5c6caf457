import { describe, expect, it } from "vitest";
import { parsePublishArgs } from "./publish-demo";
import { isNoResponders } from "../lib/testing/demo/publisher";
import { errors } from "@nats-io/nats-core";

const env = {};

describe("parsePublishArgs", () => {
  it("uses the defaults", () => {
    expect(parsePublishArgs([], env)).toEqual({
      ok: true,
      args: {
        seed: 42,
        burst: false,
        server: "nats://127.0.0.1:4222",
        user: "publisher",
        printSigners: false,
        help: false,
      },
    });
  });

  it("reads every flag", () => {
    const r = parsePublishArgs(
      [
        "--seed",
        "7",
        "--rate",
        "50",
        "--burst",
        "--count",
        "1000",
        "--duration",
        "60",
        "--start-ns",
        "1748768400000000000",
        "--server",
        "nats://h:4222",
        "--user",
        "u",
        "--pass",
        "p",
      ],
      env,
    );
    expect(r).toEqual({
      ok: true,
      args: {
        seed: 7,
        rate: 50,
        burst: true,
        count: 1000,
        durationS: 60,
        startNs: 1748768400000000000n,
        server: "nats://h:4222",
        user: "u",
        pass: "p",
        printSigners: false,
        help: false,
      },
    });
  });

  it("takes connection defaults from the environment, flags first", () => {
    const e = {
      NATS_URL: "nats://env:4222",
      NATS_PUBLISHER_USER: "pub",
      NATS_PUBLISHER_PASSWORD: "secret",
    };
    const r = parsePublishArgs(["--user", "flag"], e);
    expect(r.ok && r.args).toMatchObject({
      server: "nats://env:4222",
      user: "flag",
      pass: "secret",
    });
  });

  it.each([
    [["--rate", "abc"], "--rate must be a number"],
    [["--rate", "0"], "--rate must be > 0"],
    [["--count", "1.5"], "--count must be an integer"],
    [["--seed", "99999999999"], "--seed must fit 32 bits"],
    [["--start-ns", "soon"], "--start-ns must be an integer"],
    [["--server", "localhost"], "--server must look like nats://host:port"],
    [["--bogus"], "Unknown option '--bogus'"],
    [["extra"], "Unexpected argument 'extra'"],
  ])("rejects %j", (argv, message) => {
    const r = parsePublishArgs(argv, env);
    expect(r.ok).toBe(false);
    expect(r.ok ? "" : r.error).toContain(message);
  });

  it("knows --help and --print-signers", () => {
    expect(parsePublishArgs(["--help"], env)).toMatchObject({ ok: true, args: { help: true } });
    expect(parsePublishArgs(["-h"], env)).toMatchObject({ ok: true, args: { help: true } });
    expect(parsePublishArgs(["--print-signers"], env)).toMatchObject({
      ok: true,
      args: { printSigners: true },
    });
  });
});

describe("isNoResponders", () => {
  it("sees through the JetStream wrapper to the cause", () => {
    const cause = new errors.RequestError("no responders", {
      cause: new errors.NoRespondersError("smith.x"),
    });
    expect(isNoResponders(new Error("jetstream is not enabled", { cause }))).toBe(true);
    expect(isNoResponders(new errors.TimeoutError())).toBe(false);
    expect(isNoResponders("nope")).toBe(false);
  });
});
