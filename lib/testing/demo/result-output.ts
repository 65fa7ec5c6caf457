import type { Capability } from "./context";
import type { Params } from "./intent-params";
import type { Prng } from "./prng";

/** What a capability's run returns: outputs, errors and how long it takes. */

const DURATION_MS: Record<Capability, readonly [number, number]> = {
  "fs.read.v1": [1, 40],
  "fs.write.v1": [2, 60],
  "http.fetch.v1": [60, 1800],
  "git.clone.v1": [1500, 25000],
  "archive.read.v1": [40, 900],
  "sqlite.query.v1": [3, 450],
  "bench.report.v1": [5, 60],
  "shell.exec.v1": [40, 12000],
};

export function durationFor(capability: Capability, prng: Prng): number {
  const [min, max] = DURATION_MS[capability];
  return prng.logInt(min, max);
}

const SHELL_STDOUT: Record<string, string> = {
  cargo:
    "running 48 tests\ntest handlers::refund::tests::partial_refund ... ok\ntest handlers::refund::tests::idempotent_retry ... ok\n\ntest result: ok. 48 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 2.31s\n",
  npm: "> pilot-dashboard@0.1.0 build\n> next build\n\n   ▲ Next.js 16.4.6\n ✓ Compiled successfully in 14.2s\n ✓ Generating static pages (9/9)\n",
  pytest: "........................                                   [100%]\n24 passed in 3.87s\n",
  git: " M src/handlers/refund.rs\n?? src/handlers/refund_reason.rs\n",
  rg: "src/lib.rs:112:    // TODO: drop the legacy v0 path once all agents sign\nsrc/main.rs:40:    // TODO: make the retry budget configurable\n",
  ls: "total 16\ndrwxr-xr-x 4 smith smith 4096 Jun  1 09:00 .\ndrwxr-xr-x 1 root  root  4096 Jun  1 08:58 ..\ndrwxr-xr-x 8 smith smith 4096 Jun  1 09:00 repo\ndrwxr-xr-x 2 smith smith 4096 Jun  1 09:00 artifacts\n",
  kubectl:
    "NAME                            READY   STATUS    RESTARTS   AGE\npayments-api-7d9c8b6f5d-2xkqp   1/1     Running   0          3d4h\npayments-api-7d9c8b6f5d-9wz7r   1/1     Running   1          3d4h\n",
  du: "1.8G\ttarget\n",
};

const SHELL_STDERR: Record<string, string> = {
  cargo:
    "   Compiling payments-api v2.14.0 (/workspace/repo)\n    Finished `test` profile [unoptimized + debuginfo] target(s) in 41.07s\n",
  npm: "",
  pytest: "",
};

const SHELL_FAILURE: Record<string, string> = {
  cargo:
    "error[E0308]: mismatched types\n  --> src/handlers/refund.rs:88:24\n   |\n88 |     let amount: u64 = req.amount_cents;\n   |                 ---   ^^^^^^^^^^^^^^^^ expected `u64`, found `i64`\n",
  npm: "Type error: Property 'seq' does not exist on type 'LiveState'.\n",
  pytest:
    "FAILED tests/integration/checkout_test.py::test_refund_twice - AssertionError: 409 != 200\n",
};

/** Plausible content for a path, by its extension. */
const CONTENT_BY_EXT: readonly (readonly [RegExp, string])[] = [
  [/hostname$/, "web-7f9c\n"],
  [/\.toml$/, '[package]\nname = "payments-api"\nversion = "2.14.0"\nedition = "2021"\n'],
  [/\.ya?ml$/, "server:\n  port: 8080\n  read_timeout: 15s\nfeatures:\n  refunds_v2: true\n"],
  [
    /\.log$/,
    '203.0.113.10 - - [01/Jun/2025:09:00:01 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.30"\n',
  ],
  [
    /\.rs$/,
    "use axum::{extract::State, http::StatusCode};\n\npub async fn refund(State(store): State<Store>) -> StatusCode {\n    StatusCode::ACCEPTED\n}\n",
  ],
  [/\.ts$/, 'export const routes = ["/v1/orders", "/v1/refunds"] as const;\n'],
  [
    /\.py$/,
    'def test_refund_twice(client):\n    assert client.post("/refunds", json=REQ).status_code == 200\n',
  ],
  [/\.json$/, '{\n  "refunds_v2": true,\n  "new_checkout": false\n}\n'],
  [/\.sql$/, "ALTER TABLE refunds ADD COLUMN reason TEXT NOT NULL DEFAULT '';\n"],
  [/\.md$/, "# payments-api\n\nHandles orders, payments and refunds.\n"],
];

function fileContent(path: string): string {
  return CONTENT_BY_EXT.find(([re]) => re.test(path))?.[1] ?? "\n";
}

function bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

export function shellOutput(
  params: Params,
  durationMs: number,
  ok: boolean,
): Record<string, unknown> {
  const command = typeof params.command === "string" ? params.command : "sh";
  const stdout = ok ? (SHELL_STDOUT[command] ?? "") : "";
  const stderr = ok
    ? (SHELL_STDERR[command] ?? "")
    : (SHELL_FAILURE[command] ?? `${command}: command failed\n`);
  const exitCode = ok ? 0 : command === "cargo" ? 101 : 1;
  return {
    stdout,
    stderr,
    logs: [`spawned ${command} in sandbox`, `exited with code ${exitCode} after ${durationMs} ms`],
    exit_code: exitCode,
    duration_ms: durationMs,
    stdout_bytes: bytes(stdout),
    stderr_bytes: bytes(stderr),
  };
}

/** The output of a successful run. */
export function okOutput(
  capability: Capability,
  params: Params,
  durationMs: number,
  prng: Prng,
): unknown {
  switch (capability) {
    case "fs.read.v1": {
      const path = typeof params.path === "string" ? params.path : "";
      const content = fileContent(path);
      return { path, content, bytes_read: bytes(content), truncated: false };
    }
    case "fs.write.v1":
      return {
        path: params.path,
        bytes_written: bytes(String(params.content ?? "")),
        created: prng.chance(0.4),
      };
    case "http.fetch.v1":
      return {
        status: prng.weighted([
          [200, 9],
          [304, 1],
        ]),
        headers: { "content-type": "application/json; charset=utf-8", "x-request-id": prng.hex(8) },
        body: '{"ok":true,"items":[]}',
        body_bytes: prng.int(22, 48_000),
      };
    case "git.clone.v1":
      return {
        path: params.target_dir,
        commit: prng.hex(20),
        files: prng.int(40, 4200),
        bytes: prng.int(200_000, 90_000_000),
      };
    case "archive.read.v1": {
      const entries = [
        { name: "bin/payments-api", size: prng.int(4_000_000, 30_000_000) },
        { name: "config/settings.yaml", size: prng.int(300, 4000) },
        { name: "README.md", size: prng.int(800, 9000) },
      ];
      return { entries, total_entries: entries.length + prng.int(0, 200) };
    }
    case "sqlite.query.v1": {
      const n = prng.int(0, 4);
      const rows = Array.from({ length: n }, (_, i) => [
        1042 + i,
        prng.pick(["paid", "refunded", "pending"]),
        prng.int(500, 99_000),
      ]);
      return { columns: ["id", "status", "total_cents"], rows, row_count: n, truncated: false };
    }
    case "bench.report.v1":
      return { stored: true, benchmark_name: params.benchmark_name, points: prng.int(4, 12) };
    case "shell.exec.v1":
      return shellOutput(params, durationMs, true);
  }
}

/** The error of a failed run (status `error`/`failed`), with the output if the run produced one. */
export function executionError(
  capability: Capability,
  params: Params,
  durationMs: number,
  prng: Prng,
) {
  if (capability === "shell.exec.v1") {
    const output = shellOutput(params, durationMs, false);
    return {
      output,
      error: {
        code: "EXECUTION_ERROR",
        message: `Process exited with code ${String(output.exit_code)}`,
      },
    };
  }
  const message = prng.pick(
    {
      "fs.read.v1": ["No such file or directory (os error 2)", "Permission denied (os error 13)"],
      "fs.write.v1": [
        "Read-only file system (os error 30)",
        "No space left on device (os error 28)",
      ],
      "http.fetch.v1": [
        "HTTP 502 Bad Gateway",
        "dns error: failed to lookup address information",
        "HTTP 429 Too Many Requests",
      ],
      "git.clone.v1": ["remote: Repository not found.", "fatal: reference is not a tree: v0.1.2"],
      "archive.read.v1": ["invalid gzip header", "archive entry escapes the extraction root"],
      "sqlite.query.v1": [
        "database is locked",
        "no such table: sessions",
        "attempt to write a readonly database",
      ],
      "bench.report.v1": ["metric p99_ms must be finite"],
    }[capability],
  );
  return { output: null, error: { code: "EXECUTION_ERROR", message } };
}
