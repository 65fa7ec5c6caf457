/** Coding tasks for the Newt pilot runs: a file, a line that changes, and the fix. */

export interface CoderTask {
  slug: string;
  path: string;
  before: string[];
  after: string[];
  /** 1-based line of the first line in `before`. */
  line: number;
  prose: string;
}

export const CODER_TASKS: readonly CoderTask[] = [
  {
    slug: "refund-idempotency",
    path: "src/handlers/refund.rs",
    line: 84,
    before: ["    let refund = Refund::new(order_id, amount);", "    store.insert(refund).await?;"],
    after: [
      "    let refund = Refund::new(order_id, amount);",
      "    if store.exists(&req.idempotency_key).await? {",
      "        return Ok(StatusCode::OK);",
      "    }",
      "    store.insert(refund).await?;",
    ],
    prose:
      "The handler inserts a second refund when the client retries. It should look up the idempotency key first and return 200 when the refund already exists.",
  },
  {
    slug: "retry-backoff",
    path: "worker/retry.py",
    line: 17,
    before: ["        time.sleep(1)"],
    after: ["        time.sleep(min(30, 0.5 * 2 ** attempt) + random.random() / 10)"],
    prose:
      "The retry loop sleeps a fixed second, so a burst of failures hammers the broker. Use capped exponential backoff with a little jitter.",
  },
  {
    slug: "resume-from-seq",
    path: "lib/live/resume.ts",
    line: 31,
    before: ["  const start = { deliver_policy: DeliverPolicy.New };"],
    after: [
      "  const start = lastSeq > 0",
      "    ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: lastSeq + 1 }",
      "    : { deliver_policy: DeliverPolicy.New };",
    ],
    prose:
      "After a reconnect the consumer starts from new messages and drops everything published while it was away. Resume from the last applied sequence plus one.",
  },
  {
    slug: "pids-max-default",
    path: "crates/smith-executor/src/limits.rs",
    line: 52,
    before: ["            pids_max: 1,"],
    after: ["            pids_max: 10,"],
    prose:
      "The default pids_max of 1 makes every shell.exec that forks fail with EAGAIN. The protocol default is 10.",
  },
  {
    slug: "model-id-required",
    path: "newt-acp-worker/src/reply.rs",
    line: 40,
    before: ["        let model_id = model_id.into();"],
    after: [
      "        let model_id = model_id.into();",
      '        anyhow::ensure!(!model_id.is_empty(), "TaskReply.model_id is mandatory");',
    ],
    prose:
      "An empty model_id makes the reply impossible to attribute. Reject it in the constructor.",
  },
  {
    slug: "orders-pagination",
    path: "src/server/routes.ts",
    line: 118,
    before: ['  const rows = await db.orders.findMany({ orderBy: { createdAt: "desc" } });'],
    after: [
      "  const limit = Math.min(Number(req.query.limit ?? 50), 200);",
      '  const rows = await db.orders.findMany({ orderBy: { createdAt: "desc" }, take: limit + 1, cursor });',
    ],
    prose:
      "The endpoint returns every order in one response. Add cursor pagination with a bounded limit.",
  },
];

export function unifiedDiff(task: CoderTask): string {
  const header = `--- a/${task.path}\n+++ b/${task.path}\n`;
  const hunk = `@@ -${task.line},${task.before.length} +${task.line},${task.after.length} @@\n`;
  const body = [...task.before.map((l) => `-${l}`), ...task.after.map((l) => `+${l}`)].join("\n");
  return `${header}${hunk}${body}\n`;
}

export function wholeFile(task: CoderTask): string {
  return `FILE: ${task.path}\n// … unchanged lines above …\n${task.after.join("\n")}\n// … unchanged lines below …\nEND-FILE\n`;
}
