const PULL = "$JS.API.CONSUMER.MSG.NEXT.";

/**
 * Client protocol ops in one WebSocket frame from the browser, without the pull requests
 * (`PUB $JS.API.CONSUMER.MSG.NEXT.…`): the consumer stalls while the connection (pings,
 * subscriptions, consumer creates) carries on. A frame that does not parse is passed whole.
 */
export function withoutPulls(frame: Buffer): Buffer {
  const text = frame.toString("latin1");
  const kept: string[] = [];
  let at = 0;
  while (at < text.length) {
    const eol = text.indexOf("\r\n", at);
    if (eol < 0) return frame;
    const line = text.slice(at, eol);
    let end = eol + 2;
    const op = line.split(" ");
    if (op[0] === "PUB" || op[0] === "HPUB") {
      const size = Number(op[op.length - 1]);
      if (!Number.isInteger(size)) return frame;
      end = eol + 2 + size + 2;
      if (end > text.length) return frame;
    }
    if (!(op[0] === "PUB" || op[0] === "HPUB") || !op[1]?.startsWith(PULL))
      kept.push(text.slice(at, end));
    at = end;
  }
  return Buffer.from(kept.join(""), "latin1");
}
