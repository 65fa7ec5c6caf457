"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { SavedView } from "@/lib/contract/saved-views";
import { deleteSavedView, saveView, savedViewsQuery } from "@/lib/queries/saved-views";

const field = "w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-900";

/** The page's own address: what a saved view stores (its filters live in the query). */
function useHere(): string {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  return search ? `${pathname}?${search}` : pathname;
}

function SaveForm({ here, onDone }: { here: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const save = useMutation({
    mutationFn: saveView,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: savedViewsQuery.queryKey });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ name, path: here, shared });
  };
  return (
    <form aria-label="Save this view" className="flex flex-col gap-1 px-3 pb-2" onSubmit={submit}>
      <input aria-label="View name" className={field} value={name} maxLength={80} required onChange={(e) => setName(e.target.value)} />
      <label className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
        Shared with everyone
      </label>
      <div className="flex gap-2">
        <button type="submit" className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700" disabled={save.isPending}>
          Save
        </button>
        <button type="button" className="text-xs text-zinc-600 underline dark:text-zinc-400" onClick={onDone}>
          Cancel
        </button>
      </div>
      {save.error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {save.error.message}
        </p>
      ) : null}
    </form>
  );
}

/** Saved views in the navigation: one's own and the shared ones, and saving the page shown. */
export function SavedViewsNav({ initial }: { initial: SavedView[] }) {
  const here = useHere();
  const queryClient = useQueryClient();
  // The server's list seeds the cache (the nav is in the first HTML); later ones come from the API.
  const views = useQuery({ ...savedViewsQuery, initialData: { views: initial } });
  const [saving, setSaving] = useState(false);
  const remove = useMutation({
    mutationFn: deleteSavedView,
    onSettled: () => queryClient.invalidateQueries({ queryKey: savedViewsQuery.queryKey }),
  });
  const list = views.data?.views ?? [];
  return (
    <nav aria-label="Saved views" className="flex flex-col gap-1 border-t border-zinc-200 pt-2 dark:border-zinc-800">
      <div className="flex items-center justify-between px-3">
        <h2 className="text-xs font-semibold uppercase text-zinc-500">Saved views</h2>
        {saving ? null : (
          <button type="button" className="text-xs underline" onClick={() => setSaving(true)}>
            Save this view
          </button>
        )}
      </div>
      {saving ? <SaveForm here={here} onDone={() => setSaving(false)} /> : null}
      {views.error ? (
        <p role="alert" className="px-3 text-xs text-red-700 dark:text-red-300">
          {views.error.message}
        </p>
      ) : null}
      <ul className="flex flex-col">
        {list.map((v) => (
          <li key={v.id} className="group flex items-center justify-between gap-1 px-3">
            <Link
              href={v.path}
              prefetch={false}
              aria-current={v.path === here ? "page" : undefined}
              title={`${v.path}${v.shared ? ` · shared by ${v.owner}` : " · private"}`}
              className="min-w-0 truncate py-1 text-sm text-zinc-700 hover:underline dark:text-zinc-300"
            >
              {v.name}
            </Link>
            <span className="flex shrink-0 items-center gap-1 text-xs text-zinc-500">
              {v.shared ? <span aria-label="shared">⇄</span> : null}
              {v.deletable ? (
                <button type="button" aria-label={`Delete saved view ${v.name}`} className="hover:text-red-700" onClick={() => remove.mutate(v.id)}>
                  ×
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </nav>
  );
}
