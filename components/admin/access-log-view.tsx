"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useQueryStates, parseAsString } from "nuqs";
import { useEffect, useState } from "react";
import { accessLogQuery } from "@/lib/queries/admin";
import { Notice } from "../ui/notice";
import { Time } from "../ui/time-zone";

const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const parsers = { user: parseAsString, action: parseAsString, q: parseAsString };

/** Pilot's own access log: who signed in, viewed, searched, exported or changed what. Search and export. */
export function AccessLogView() {
  const [f, setF] = useQueryStates(parsers, { history: "replace" });
  const [text, setText] = useState(f.q ?? "");
  useEffect(() => {
    const t = setTimeout(() => text !== (f.q ?? "") && void setF({ q: text || null }), 300);
    return () => clearTimeout(t);
  }, [text, f.q, setF]);
  const search = new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  const query = useInfiniteQuery(accessLogQuery(search));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const first = query.data?.pages[0];
  return (
    <div className="flex flex-col gap-3">
      <form role="search" aria-label="Search the access log" className="flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        <label className="flex flex-col gap-1 text-xs">
          Text
          <input type="search" aria-label="Text in target or detail" className={`${field} w-64`} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label className="flex flex-col gap-1 text-xs">
          User
          <input aria-label="User" className={field} defaultValue={f.user ?? ""} onBlur={(e) => void setF({ user: e.target.value.trim() || null })} />
        </label>
        <label className="flex flex-col gap-1 text-xs">
          Action
          <select aria-label="Action" className={field} value={f.action ?? ""} onChange={(e) => void setF({ action: e.target.value || null })}>
            <option value="">any</option>
            {(first?.actions ?? []).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <span className="ml-auto text-xs text-zinc-500">Export all matches</span>
        <a className="rounded-md border border-zinc-300 px-2 py-0.5 text-sm dark:border-zinc-700" href={`/api/admin/access-log?${search}&format=csv`} download>
          CSV
        </a>
        <a className="rounded-md border border-zinc-300 px-2 py-0.5 text-sm dark:border-zinc-700" href={`/api/admin/access-log?${search}&format=jsonl`} download>
          JSONL
        </a>
      </form>
      {query.isPending ? (
        <p role="status">Loading the access log…</p>
      ) : !query.data ? (
        <Notice tone="error" title="Could not load the access log">{query.error?.message}</Notice>
      ) : (
        <>
          <p role="status" aria-label="Matching lines" className="text-sm">
            {first?.total ?? 0} matching lines
          </p>
          <table className="w-full text-sm">
            <caption className="sr-only">Access log</caption>
            <thead className="text-left text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-1 font-medium">Time</th>
                <th className="font-medium">User</th>
                <th className="font-medium">Address</th>
                <th className="font-medium">Action</th>
                <th className="font-medium">Target</th>
                <th className="font-medium">Detail</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-t border-zinc-200 align-top dark:border-zinc-800">
                  <td className="py-1 text-xs">
                    <Time ms={r.atMs} />
                  </td>
                  <td>{r.username ?? "—"}</td>
                  <td className="font-mono text-xs">{r.address}</td>
                  <td>{r.action}</td>
                  <td className="break-all font-mono text-xs">{r.target ?? ""}</td>
                  <td className="break-all font-mono text-xs">{r.detail ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {query.hasNextPage ? (
            <button type="button" className="self-start rounded-md border border-zinc-300 px-3 py-1 text-sm dark:border-zinc-700" onClick={() => void query.fetchNextPage()}>
              Load more
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}
