import { BlockList, isIP } from "node:net";
import { plainAddress } from "./socket-peer";

/**
 * Addresses and networks (`10.0.0.0/8`, `192.0.2.7`, `::1`, `fd00::/8`) as a Node
 * BlockList; throws on an entry that is neither, naming it.
 */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const family = isIP(address);
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    if (family === 0 || extra !== undefined || !Number.isInteger(bits) || bits < 0 || bits > (family === 6 ? 128 : 32) || (prefix !== undefined && !/^\d+$/.test(prefix)))
      throw new Error(`not an address or network: ${entry}`);
    list.addSubnet(address, bits, family === 6 ? "ipv6" : "ipv4");
  }
  return list;
}

/** Whether `address` (one entry as written, maybe `::ffff:`-mapped) is in the list; false for anything that is not an address. */
export function inList(list: BlockList, address: string): boolean {
  const plain = plainAddress(address.trim());
  const family = isIP(plain);
  return family !== 0 && list.check(plain, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address for rate limits and the access log. It is the socket's peer,
 * unless that peer is a configured proxy: then the right-most `x-forwarded-for` entry that
 * is not itself a configured proxy (each proxy appends the address it saw; what is left
 * of the first untrusted entry is whatever the client claimed). An entry that is not an
 * address ends the walk at the last proxy. Null peer (no Pilot server stamped the
 * request): "unknown", so that no header a client sends can pick an address.
 */
export function clientAddressOf(peer: string | null, forwardedFor: string | null, proxies: BlockList | null): string {
  if (!peer) return "unknown";
  let address = plainAddress(peer);
  if (!proxies || !inList(proxies, address)) return address;
  const hops = (forwardedFor ?? "").split(",").map((h) => h.trim()).filter((h) => h.length > 0);
  for (const hop of hops.reverse()) {
    const plain = plainAddress(hop);
    if (isIP(plain) === 0) return address;
    address = plain;
    if (!inList(proxies, plain)) return plain;
  }
  return address;
}
