"use client";

import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { LiveConnection } from "@/lib/live/live-connection";
import type { LiveStatus } from "@/lib/live/live-status";

const LiveContext = createContext<LiveConnection | null>(null);

/** Opens the tab's one NATS connection for as long as the app is mounted. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [live] = useState(() => new LiveConnection());
  useEffect(() => {
    live.start();
    return () => void live.stop();
  }, [live]);
  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export function useLiveConnection(): LiveConnection {
  const live = useContext(LiveContext);
  if (!live) throw new Error("useLiveConnection must be used inside <LiveProvider>");
  return live;
}

const serverStatus = (): LiveStatus => "connecting";

export function useLiveStatus(): { status: LiveStatus; error: string | null } {
  const live = useLiveConnection();
  const status = useSyncExternalStore(live.subscribe, live.getStatus, serverStatus);
  const error = useSyncExternalStore(live.subscribe, live.getError, () => null);
  return { status, error };
}
