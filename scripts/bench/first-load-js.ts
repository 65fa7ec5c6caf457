import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { z } from "zod";

/**
 * First-load JS per page route of the production build (gzip): the root chunks every page
 * loads plus the chunks of the route's layouts and page, as the build's client-reference
 * manifests list them (what the browser fetches before the page is interactive; chunks
 * loaded later on demand, such as the ELK worker, are not counted).
 */
const rscManifest = z.object({ entryJSFiles: z.record(z.string(), z.array(z.string())).optional() }).loose();
const buildManifest = z.object({ rootMainFiles: z.array(z.string()) }).loose();

function manifests(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) manifests(full, out);
    else if (name === "page_client-reference-manifest.js") out.push(full);
  }
  return out;
}

/** The route a manifest belongs to, as a person types it (route groups dropped). */
function routeOf(appDir: string, file: string): string {
  const rel = path.relative(appDir, path.dirname(file)).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
  return `/${rel.join("/")}`;
}

export function firstLoadJs(nextDir: string): { route: string; kb: number }[] {
  const root = buildManifest.parse(JSON.parse(readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")));
  const appDir = path.join(nextDir, "server", "app");
  const sizes = new Map<string, number>();
  const gz = (file: string) => {
    let n = sizes.get(file);
    if (n === undefined) {
      n = gzipSync(readFileSync(path.join(nextDir, file))).length;
      sizes.set(file, n);
    }
    return n;
  };
  const rows: { route: string; kb: number }[] = [];
  for (const file of manifests(appDir)) {
    const text = readFileSync(file, "utf8");
    const json = text.slice(text.indexOf("= {") + 2).trim().replace(/;$/, "");
    const entries = rscManifest.parse(JSON.parse(json)).entryJSFiles ?? {};
    const files = new Set(root.rootMainFiles);
    for (const [entry, chunks] of Object.entries(entries)) {
      // The route's own layouts and page; boundaries such as not-found or forbidden load only when shown.
      if (/\/(layout|page|loading|error)$/.test(entry)) for (const c of chunks) files.add(c);
    }
    rows.push({ route: routeOf(appDir, file), kb: [...files].reduce((n, f) => n + gz(f), 0) / 1024 });
  }
  return rows.sort((a, b) => a.route.localeCompare(b.route));
}
