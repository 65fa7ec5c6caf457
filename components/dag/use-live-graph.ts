"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { applyGraphChanges, deltaChange, type DeltaChange } from "@/lib/graph/apply-delta";
import { FrameBatcher } from "@/lib/live/frame-batcher";
import { followLive } from "@/lib/live/follow-live";
import { liveTargets, type LiveSource } from "@/lib/live/live-targets";
import type { Follower, LiveMessage } from "@/lib/live/stream-follower";
import { CAPTURE_STREAM, capturedSubject } from "@/lib/protocol/captured-subject";
import { sessionGraphQuery, sessionTimelineQuery } from "@/lib/queries/sessions";
import type { SessionGraph, SessionTimeline } from "@/lib/contract/sessions";
import { useLiveConnection, useLiveStatus } from "../live/live-provider";

/** A session id that is one subject token, so that it can be a consumer's filter. */
const SUBJECT_TOKEN = /^[^.*>\s]+$/;

type Decode = (typeof import("@/lib/protocol/subjects"))["decodeMessage"];
type PlannerLive = typeof import("@/lib/graph/planner-live");

/**
 * The consumer filter for `wanted` in the stream the snapshot came from: a captured copy is
 * held under the capture prefix, an own stream holds the subject as published.
 */
function filterIn(sources: readonly LiveSource[], stream: string, wanted: string): string {
  const target = liveTargets(sources, wanted).find((t) => t.stream === stream);
  return target?.filterSubject ?? (stream === CAPTURE_STREAM ? capturedSubject(wanted) : wanted);
}

function decode(
  decodeMessage: Decode,
  messages: readonly LiveMessage[],
): { changes: DeltaChange[]; times: [number, string][] } {
  const changes: DeltaChange[] = [];
  const times: [number, string][] = [];
  for (const m of messages) {
    const d = decodeMessage(m.subject, m.data);
    // A bad delta is in quarantine (ingest put it there); the view skips it as the index did.
    if (!d.ok || d.kind !== "graph-delta") continue;
    changes.push(deltaChange(m.seq, d.value.data));
    times.push([m.seq, `${BigInt(m.storedAtMs) * 1_000_000n}`]);
  }
  return { changes, times };
}

/**
 * The latest graph follows the session's deltas from the snapshot's seq, applied once per
 * frame to the cached graph (and the scrubber's timeline): a status change recolours its
 * node in the next frame. After a disconnect it resumes after the last delta it applied.
 */
export function useLiveGraph(
  sessionId: string,
  graph: SessionGraph | undefined,
  enabled: boolean,
): { problem: string | null } {
  const live = useLiveConnection();
  const { status } = useLiveStatus();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const stream = graph?.stream;
  // A planner workflow's messages are mapped to deltas here as the index maps them.
  const planner = graph?.source === "planner";
  const from = useRef(0);
  useEffect(() => {
    if (graph && stream) from.current = Math.max(from.current, graph.seq[stream] ?? graph.asOfSeq);
  }, [graph, stream]);
  // A planner session is followed on the planner subjects and picked out by its payloads.
  const followable = planner || SUBJECT_TOKEN.test(sessionId);
  const ready = enabled && graph !== undefined && followable;

  useEffect(() => {
    const nc = status === "connected" ? live.connection() : null;
    if (!nc || !ready || !stream) return;
    const graphKey = sessionGraphQuery(sessionId, null).queryKey;
    const timelineKey = sessionTimelineQuery(sessionId).queryKey;
    let decoder: Decode | null = null;
    let plannerLive: PlannerLive | null = null;
    const patchTimeline = (times: [number, string][]) =>
      queryClient.setQueryData<SessionTimeline>(timelineKey, (t) => {
        if (!t) return t;
        const known = new Set(t.seqs);
        const fresh = times.filter(([seq]) => !known.has(seq));
        return fresh.length === 0
          ? t
          : {
              ...t,
              seqs: [...t.seqs, ...fresh.map(([s]) => s)],
              publishedNs: [...t.publishedNs, ...fresh.map(([, ns]) => ns)],
            };
      });
    const batcher = new FrameBatcher<LiveMessage>((messages) => {
      // The follower starts once the decoder is loaded: there is always one here.
      if (!decoder) return;
      const last = messages.at(-1);
      if (last) from.current = Math.max(from.current, last.seq);
      if (planner) {
        const mapper = plannerLive;
        if (!mapper) return;
        let times: [number, string][] = [];
        queryClient.setQueryData<SessionGraph>(graphKey, (g) => {
          if (!g) return g;
          const out = mapper.applyPlannerMessages(g, messages);
          times = out.times;
          return out.graph;
        });
        if (times.length > 0) patchTimeline(times);
        return;
      }
      const { changes, times } = decode(decoder, messages);
      if (changes.length === 0) return;
      queryClient.setQueryData<SessionGraph>(graphKey, (g) =>
        g ? applyGraphChanges(g, changes) : g,
      );
      patchTimeline(times);
    });
    let cancelled = false;
    let follower: Follower | null = null;
    // The protocol decoder (every message schema, lossless JSON) loads with live updates,
    // not with the page: the graph on screen comes from the API.
    Promise.all([
      import("@/lib/protocol/subjects"),
      planner ? import("@/lib/graph/planner-live") : null,
    ])
      .then(([{ decodeMessage }, mapper]) => {
        decoder = decodeMessage;
        plannerLive = mapper;
        if (cancelled) return null;
        const wanted = mapper ? mapper.PLANNER_FILTER_SUBJECT : `smith.events.graph.${sessionId}`;
        const filterSubject = filterIn(live.sources(), stream, wanted);
        return followLive(
          live,
          nc,
          { stream, filterSubject, afterSeq: from.current },
          {
            onMessage: (m) => batcher.push(m),
            onCannotResume: (reason) => {
              setProblem(`Could not resume live updates: ${reason}. Reloading the graph.`);
              void queryClient.invalidateQueries({ queryKey: graphKey });
            },
          },
        );
      })
      .then(
        (f) => {
          if (!f) return;
          if (cancelled) void f.stop();
          else {
            follower = f;
            setProblem(null);
          }
        },
        (err: unknown) => setProblem(`Live updates unavailable: ${String(err)}`),
      );
    return () => {
      cancelled = true;
      batcher.flush();
      void follower?.stop();
    };
  }, [status, live, ready, stream, planner, sessionId, queryClient]);

  return {
    problem: followable
      ? problem
      : "This session id cannot be followed live (it is not one subject token).",
  };
}
