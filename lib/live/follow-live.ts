import type { NatsConnection } from "@nats-io/nats-core";
import type { FeedRegistry } from "./feed-registry";
import {
  followStream,
  type ConsumerSource,
  type FollowHandlers,
  type Follower,
  type FollowTarget,
} from "./stream-follower";

/** A follower whose health shows in the tab's live indicator for as long as it runs. */
export async function followLive(
  live: { feeds: FeedRegistry } & ConsumerSource,
  nc: NatsConnection,
  target: FollowTarget,
  handlers: Omit<FollowHandlers, "onHealth">,
): Promise<Follower> {
  const feed = live.feeds.add();
  try {
    const follower = await followStream(nc, target, { ...handlers, onHealth: feed.report }, live);
    return {
      lastSeq: follower.lastSeq,
      stop: async () => {
        feed.remove();
        await follower.stop();
      },
    };
  } catch (err) {
    feed.remove();
    throw err;
  }
}
