/** Any origin will do: only whether `next` stays on it matters, and a reserved name can never be a real host. */
const BASE = "http://pilot.invalid";

/**
 * Where to go after sign-in: only a path on this site, else "/" (an open redirect would make
 * the sign-in page a phishing tool). Browsers drop tabs and newlines from URLs and read `\`
 * as `/`, so `/\t/evil.example` or `/\evil.example` would leave the site: such input is
 * refused whole, and what is left is parsed with the URL API the way a browser would. The
 * answer is the parsed path, query and fragment, never a string that starts with `//`.
 */
export function safeNext(next: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (!next || !next.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as a host.
  return path.startsWith("//") ? "/" : path;
}
