import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { completeStreamList, type StreamLister } from "./list-streams";

interface Info {
  config: { name: string };
}

async function* each<T>(items: readonly T[]): AsyncIterable<T> {
  for (const item of items) yield item;
}

/** A cluster whose list leaves out the streams in `missing` (their leaders being elected). */
function cluster(all: string[], missing: string[], info: (name: string, attempt: number) => Info | Error): StreamLister<Info> & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    list: () => each(all.filter((n) => !missing.includes(n)).map((name) => ({ config: { name } }))),
    names: () => each(all),
    async info(name) {
      asked.push(name);
      const out = info(name, asked.filter((n) => n === name).length);
      if (out instanceof Error) throw out;
      return out;
    },
  };
}

const notFound = () => new JetStreamApiError({ err_code: JetStreamApiCodes.StreamNotFound, code: 404, description: "stream not found" });
const fast = { retryMs: 1 };

describe("listing every stream during a leader election", () => {
  it("asks for a stream the list left out by name, and lists it once it answers", async () => {
    const streams = cluster(["ATOMS_VETTED", "AUDIT_SECURITY", "SMITH_GRAPH"], ["AUDIT_SECURITY"], (name, attempt) =>
      attempt < 3 ? new Error("TIMEOUT") : { config: { name } },
    );
    const listed = await completeStreamList(streams, fast);
    expect(listed.map((s) => s.config.name)).toEqual(["ATOMS_VETTED", "AUDIT_SECURITY", "SMITH_GRAPH"]);
    expect(streams.asked).toEqual(["AUDIT_SECURITY", "AUDIT_SECURITY", "AUDIT_SECURITY"]);
  });

  it("fails rather than list the streams without one that never answers", async () => {
    const streams = cluster(["ATOMS_VETTED", "AUDIT_SECURITY"], ["AUDIT_SECURITY"], () => new Error("TIMEOUT"));
    await expect(completeStreamList(streams, { attempts: 3, retryMs: 1 })).rejects.toThrow(/AUDIT_SECURITY did not answer \(TIMEOUT\)/);
    expect(streams.asked).toHaveLength(3);
  });

  it("leaves out a stream deleted between the list and the question", async () => {
    const streams = cluster(["ATOMS_VETTED", "GONE"], ["GONE"], () => notFound());
    expect((await completeStreamList(streams, fast)).map((s) => s.config.name)).toEqual(["ATOMS_VETTED"]);
  });

  it("asks nothing more when the list is whole", async () => {
    const streams = cluster(["A", "B"], [], () => new Error("unexpected"));
    expect((await completeStreamList(streams, fast)).map((s) => s.config.name)).toEqual(["A", "B"]);
    expect(streams.asked).toEqual([]);
  });
});
