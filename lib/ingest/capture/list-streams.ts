import type { JetStreamManager, StreamInfo } from "@nats-io/jetstream";
import type { StreamFacts } from "../../nats/discovery";

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

/** Every stream on the server (all pages of the list). */
export async function listStreamFacts(jsm: JetStreamManager): Promise<StreamFacts[]> {
  const out: StreamFacts[] = [];
  for await (const info of jsm.streams.list()) out.push(streamFacts(info));
  return out;
}
