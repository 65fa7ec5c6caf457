import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { fetchJson } from "./fetch-json";

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  role: z.enum(["viewer", "auditor", "admin"]),
  disabled: z.boolean(),
  source: z.string(),
  createdMs: z.number(),
});
export type UserItem = z.infer<typeof userSchema>;

export const usersQuery = queryOptions({
  queryKey: ["admin-users"] as const,
  queryFn: () => fetchJson("/api/admin/users", z.object({ users: z.array(userSchema) })),
});

export const accessLogEntrySchema = z.object({
  id: z.number().int(),
  atMs: z.number(),
  username: z.string().nullable(),
  address: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.string().nullable(),
});

export const accessLogPageSchema = z.object({
  items: z.array(accessLogEntrySchema),
  total: z.number().int(),
  nextBefore: z.number().int().nullable(),
  actions: z.array(z.string()),
});

export function accessLogQuery(search: string) {
  return infiniteQueryOptions({
    queryKey: ["admin-access-log", search] as const,
    queryFn: ({ pageParam }) => fetchJson(`/api/admin/access-log?${search}${pageParam ? `&before=${pageParam}` : ""}`, accessLogPageSchema),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
  });
}
