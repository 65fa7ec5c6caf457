"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { z } from "zod";
import { usersQuery, type UserItem } from "@/lib/queries/admin";
import { Notice } from "../ui/notice";
import { Time } from "../ui/time-zone";

const ROLES = ["viewer", "auditor", "admin"] as const;
const field = "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const button = "rounded-md border border-zinc-300 px-2 py-0.5 text-sm disabled:opacity-50 dark:border-zinc-700";
const answer = z.object({ error: z.string().optional(), password: z.string().nullable().optional() });

async function send(url: string, method: string, body: unknown): Promise<{ ok: boolean; error?: string; password?: string | null }> {
  const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const parsed = answer.safeParse(await res.json().catch(() => ({})));
  return { ok: res.ok, error: parsed.data?.error ?? (res.ok ? undefined : `${res.status}`), password: parsed.data?.password };
}

function UserRow({ u, onError }: { u: UserItem; onError: (e: string | null) => void }) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const change = async (body: Record<string, unknown>) => {
    setBusy(true);
    const r = await send(`/api/admin/users/${u.id}`, "PATCH", body);
    setBusy(false);
    onError(r.ok ? null : `${u.username}: ${r.error}`);
    await queryClient.invalidateQueries({ queryKey: usersQuery.queryKey });
  };
  return (
    <tr className="border-t border-zinc-200 dark:border-zinc-800">
      <th scope="row" className="py-1.5 text-left font-medium">
        {u.username}
      </th>
      <td>
        <select aria-label={`Role of ${u.username}`} className={field} value={u.role} disabled={busy} onChange={(e) => void change({ role: e.target.value })}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </td>
      <td>{u.disabled ? "✕ disabled" : "✓ active"}</td>
      <td className="text-xs">{u.source}</td>
      <td className="text-xs">
        <Time ms={u.createdMs} withMillis={false} />
      </td>
      <td>
        <button type="button" className={button} disabled={busy} onClick={() => void change({ disabled: !u.disabled })}>
          {u.disabled ? `Enable ${u.username}` : `Disable ${u.username}`}
        </button>
      </td>
    </tr>
  );
}

/** Accounts: add one, change a role, disable or enable. Every change is in the access log. */
export function UsersView() {
  const { data, error, isPending } = useQuery(usersQuery);
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [created, setCreated] = useState<{ user: string; password: string } | null>(null);
  const add = async (form: FormData) => {
    const username = String(form.get("username") ?? "");
    const password = String(form.get("password") ?? "");
    const r = await send("/api/admin/users", "POST", { username, role: form.get("role"), ...(password ? { password } : {}) });
    setProblem(r.ok ? null : r.error ?? "could not add the user");
    setCreated(r.ok && r.password ? { user: username, password: r.password } : null);
    await queryClient.invalidateQueries({ queryKey: usersQuery.queryKey });
  };
  if (isPending) return <p role="status">Loading accounts…</p>;
  if (!data) return <Notice tone="error" title="Could not load the accounts">{error?.message}</Notice>;
  return (
    <div className="flex max-w-4xl flex-col gap-6">
      {problem ? <Notice tone="error" title="Not changed">{problem}</Notice> : null}
      {created ? (
        <Notice tone="info" title={`Account ${created.user} created`}>
          Its password, shown once: <code className="select-all font-mono">{created.password}</code>
        </Notice>
      ) : null}
      <table className="w-full text-sm">
        <caption className="sr-only">Accounts</caption>
        <thead className="text-left text-xs uppercase text-zinc-500">
          <tr>
            <th className="py-1 font-medium">User</th>
            <th className="font-medium">Role</th>
            <th className="font-medium">State</th>
            <th className="font-medium">Source</th>
            <th className="font-medium">Created</th>
            <th className="font-medium" />
          </tr>
        </thead>
        <tbody>
          {data.users.map((u) => (
            <UserRow key={u.id} u={u} onError={setProblem} />
          ))}
        </tbody>
      </table>
      <form action={add} aria-label="Add a user" className="flex flex-wrap items-end gap-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
        <label className="flex flex-col gap-1 text-xs">
          User name
          <input name="username" required className={field} />
        </label>
        <label className="flex flex-col gap-1 text-xs">
          Role
          <select name="role" className={field} defaultValue="viewer">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-xs">
          Password (empty: generate one)
          <input name="password" type="password" autoComplete="new-password" className={field} />
        </label>
        <button type="submit" className={button}>
          Add user
        </button>
      </form>
    </div>
  );
}
