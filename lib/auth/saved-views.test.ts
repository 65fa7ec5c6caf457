import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { savedViewSchema } from "../contract/saved-views";
import { startAuthNats, type AuthNats } from "../testing/shared-auth";
import { createView, deleteView, listViews, MAX_VIEWS_PER_OWNER, viewPathSchema, type ViewReader } from "./saved-views";

// Two replicas of the shared store on a real nats-server, as Pilot's server user: a view
// saved through one is listed by the other, and only its owner or an admin deletes it.
let nats: AuthNats;
beforeAll(async () => {
  nats = await startAuthNats();
});
afterAll(() => nats?.stop());

const ann: ViewReader = { id: 1, username: "ann", role: "auditor" };
const bob: ViewReader = { id: 2, username: "bob", role: "viewer" };
const root: ViewReader = { id: 3, username: "root", role: "admin" };

async function made(p: Promise<{ response: Response }>) {
  const { response } = await p;
  expect(response.status, await response.clone().text()).toBe(201);
  return savedViewSchema.parse((await response.json() as { view: unknown }).view);
}

describe("saved views", () => {
  it("lists a shared view to everyone on every replica, a private one to its owner only", async () => {
    const [a, b] = [await nats.replica({ store: "V_SHARE" }), await nats.replica({ store: "V_SHARE" })];
    const shared = await made(createView(a.shared.views, ann, { name: "Denials today", path: "/audit?q=decision%3Adeny&range=24h", shared: true }));
    const mine = await made(createView(a.shared.views, ann, { name: "My failing sessions", path: "/sessions?state=failed" }));
    expect(mine.shared).toBe(false);
    await vi.waitFor(() => expect(listViews(b.shared.views, bob).map((v) => v.name)).toEqual(["Denials today"]));
    await vi.waitFor(() => expect(listViews(b.shared.views, ann).map((v) => v.name)).toEqual(["Denials today", "My failing sessions"]));
    expect(listViews(b.shared.views, bob)[0]).toMatchObject({ id: shared.id, path: "/audit?q=decision%3Adeny&range=24h", owner: "ann", deletable: false });
    expect(listViews(b.shared.views, root).map((v) => [v.name, v.deletable])).toEqual([["Denials today", true]]);
  }, 60_000);

  it("lets only the owner or an admin delete, and does not tell others a private view exists", async () => {
    const [a, b] = [await nats.replica({ store: "V_DELETE" }), await nats.replica({ store: "V_DELETE" })];
    const shared = await made(createView(a.shared.views, ann, { name: "Shared", path: "/intents?signature=invalid", shared: true }));
    const secret = await made(createView(a.shared.views, ann, { name: "Secret", path: "/audit", shared: false }));
    expect((await deleteView(b.shared.views, bob, shared.id)).response.status).toBe(403);
    expect((await deleteView(b.shared.views, bob, secret.id)).response.status).toBe(404);
    expect((await deleteView(b.shared.views, root, secret.id)).response.status).toBe(404);
    expect((await deleteView(b.shared.views, bob, "not-a-uuid")).response.status).toBe(404);
    const byAdmin = await deleteView(b.shared.views, root, shared.id);
    expect(byAdmin.response.status).toBe(204);
    expect(byAdmin.deleted?.name).toBe("Shared");
    expect((await deleteView(a.shared.views, ann, secret.id)).response.status).toBe(204);
    await vi.waitFor(() => expect(listViews(a.shared.views, ann)).toEqual([]));
    expect((await deleteView(a.shared.views, ann, secret.id)).response.status).toBe(404);
  }, 60_000);

  it("refuses a body with another field, an empty name, or too many views", async () => {
    const a = await nats.replica({ store: "V_BODY" });
    const status = async (raw: unknown) => (await createView(a.shared.views, bob, raw)).response.status;
    expect(await status({ name: "x", path: "/audit", shared: false, ownerId: 3 })).toBe(400);
    expect(await status({ name: "  ", path: "/audit" })).toBe(400);
    expect(await status({ name: "x", path: "/audit", shared: "yes" })).toBe(400);
    expect(await status(null)).toBe(400);
    for (let i = 0; i < MAX_VIEWS_PER_OWNER; i++) await made(createView(a.shared.views, bob, { name: `v${i}`, path: `/intents?q=${i}` }));
    expect(await status({ name: "one more", path: "/audit" })).toBe(409);
    // Another person's limit is their own.
    await made(createView(a.shared.views, ann, { name: "ann's", path: "/audit" }));
  }, 120_000);
});

describe("a view's address", () => {
  it.each([
    "https://evil.example/audit",
    "//evil.example/audit",
    "/\\evil.example",
    "/\t/evil.example",
    "/.//evil.example",
    "javascript:alert(1)",
    "audit?q=x",
    "",
    "/api/audit?q=x",
    "/api",
    `/${"a".repeat(2001)}`,
  ])("refuses %j", (raw) => {
    expect(viewPathSchema.safeParse(raw).success).toBe(false);
  });

  it("keeps a page's path and query, without the fragment", () => {
    expect(viewPathSchema.parse("/audit?q=decision%3Adeny&range=24h#top")).toBe("/audit?q=decision%3Adeny&range=24h");
    expect(viewPathSchema.parse("/")).toBe("/");
    expect(viewPathSchema.parse("/sessions?state=failed")).toBe("/sessions?state=failed");
  });
});
