import type { Page, WebSocketRoute } from "@playwright/test";
import { withoutPulls } from "../../../lib/testing/nats-frames";

/** A switch on a page's NATS WebSocket: while on, the browser's pulls never reach the server. */
export class PullStall {
  on = false;
  dropped = 0;

  /** Before the page opens its WebSocket (before navigation). */
  async install(page: Page): Promise<void> {
    await page.routeWebSocket(/.*/, (ws: WebSocketRoute) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        if (!this.on || typeof m === "string") return server.send(m);
        const out = withoutPulls(m);
        if (out.length !== m.length) this.dropped++;
        if (out.length > 0) server.send(out);
      });
      server.onMessage((m) => ws.send(m));
    });
  }
}
