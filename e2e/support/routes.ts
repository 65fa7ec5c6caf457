import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const APP = path.join(process.cwd(), "app");

function walk(dir: string, file: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, file, out);
    else if (name === file) out.push(p);
  }
  return out;
}

/** A file path under app/ as the URL it serves: groups dropped, [params] filled with `x`. */
function urlOf(file: string): string {
  const rel = path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => s !== "" && !/^\(.*\)$/.test(s));
  return `/${rel.map((s) => (/^\[.*\]$/.test(s) ? "x" : s)).join("/")}`;
}

/** Every route handler under app/api with the methods it exports, read from the tree. */
export function apiRoutes(): { url: string; methods: string[] }[] {
  return walk(path.join(APP, "api"), "route.ts").map((f) => ({
    url: urlOf(f),
    methods: [...readFileSync(f, "utf8").matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => m[1] ?? ""),
  }));
}

/** Every page of the app (outside app/api), as a URL. */
export function pageRoutes(): string[] {
  return walk(APP, "page.tsx")
    .filter((f) => !f.includes(`${path.sep}api${path.sep}`))
    .map(urlOf);
}
