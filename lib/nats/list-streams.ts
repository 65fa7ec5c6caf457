import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager, type StreamInfo } from "@nats-io/jetstream";
import { abortableSleep } from "./abortable-sleep";
import type { StreamFacts } from "./discovery";

export function streamFacts(info: StreamInfo): StreamFacts {
  const c = info.config;
  return {
    name: c.name,
    subjects: c.subjects ?? [],
    retention: c.retention,
    description: c.description ?? null,
    maxAgeNs: c.max_age,
    maxMsgs: c.max_msgs,
    maxBytes: c.max_bytes,
    replicas: c.num_replicas,
    messages: info.state.messages,
    firstSeq: info.state.first_seq,
    lastSeq: info.state.last_seq,
    firstTs: info.state.messages > 0 ? info.state.first_ts : null,
  };
}

export interface ListStreamsOptions {
  /** Times a stream the list left out is asked for by name before discovery gives up. */
  attempts?: number;
  retryMs?: number;
}

/** What listing needs of `jsm.streams` (its stream type kept open for tests). */
export interface StreamLister<T extends { config: { name: string } }> {
  list(): AsyncIterable<T>;
  names(): AsyncIterable<string>;
  info(name: string): Promise<T>;
}

/** The stream's info, or null when it was deleted since it was named. */
async function infoByName<T extends { config: { name: string } }>(streams: StreamLister<T>, name: string, o: Required<ListStreamsOptions>): Promise<T | null> {
  let last: unknown = null;
  for (let attempt = 0; attempt < o.attempts; attempt++) {
    if (attempt > 0) await abortableSleep(o.retryMs);
    try {
      return await streams.info(name);
    } catch (err) {
      if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) return null;
      last = err;
    }
  }
  throw new Error(`stream ${name} did not answer (${last instanceof Error ? last.message : String(last)}): the streams were not listed, rather than listed without it`);
}

/**
 * Every stream on the server, or an error: never a partial list. In a cluster the server
 * lists a stream only when its leader answers within 4 s (a stream whose leader is being
 * elected is left out and named in the reply's `missing`, which the client drops), whereas
 * the stream names come from the cluster's assignments. Planning from a list that merely
 * lacks a stream would treat its subjects as kept by no stream and capture them twice.
 */
export async function completeStreamList<T extends { config: { name: string } }>(streams: StreamLister<T>, options: ListStreamsOptions = {}): Promise<T[]> {
  const o = { attempts: options.attempts ?? 4, retryMs: options.retryMs ?? 1000 };
  const byName = new Map<string, T>();
  for await (const info of streams.list()) byName.set(info.config.name, info);
  const names: string[] = [];
  for await (const name of streams.names()) names.push(name);
  for (const name of names) {
    if (byName.has(name)) continue;
    const info = await infoByName(streams, name, o);
    if (info) byName.set(name, info);
  }
  return [...byName.values()].sort((a, b) => a.config.name.localeCompare(b.config.name));
}

export function listStreamInfos(jsm: JetStreamManager, options?: ListStreamsOptions): Promise<StreamInfo[]> {
  return completeStreamList(jsm.streams, options);
}

/** Every stream on the server, as discovery reads them (never a partial list). */
export async function listStreamFacts(jsm: JetStreamManager, options?: ListStreamsOptions): Promise<StreamFacts[]> {
  return (await listStreamInfos(jsm, options)).map(streamFacts);
}
