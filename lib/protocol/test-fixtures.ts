// Realistic wire samples for the protocol tests, written in the producers' field order
// with their real values (UUIDv7 intent ids, `audit-<id>` refs, `placeholder` hashes,
// `null` for Rust `None`). Test-only: nothing outside `*.test.ts` imports this file.
import { isJsonObject } from "./canonical";
import { parseLossless, stringifyLossless } from "./json";

export const INTENT_ID = "01941f29-7c7b-7a1e-9c3d-5b8f2e4a6c01";
export const INTENT_ID_2 = "01941f29-81b0-7f02-8d44-0c9e7b3a1f5d";
export const SESSION_ID = "01941f29-7a10-7c4e-b2d1-9e3f5a7c0b12";
export const NODE_A = "01941f29-7c7c-7001-a2b3-c4d5e6f70811";
export const NODE_B = "01941f29-7c7d-7002-b3c4-d5e6f7081922";
export const EDGE_AB = "01941f29-7c7e-7003-84d5-e6f708192a33";
export const CREATED_AT_NS = "1735689600123456789";

export const INTENT_RAW = `{"id":"${INTENT_ID}","capability":"fs.read.v1","domain":"production","params":{"path":"/etc/hostname","max_bytes":1024,"follow_symlinks":null},"created_at_ns":${CREATED_AT_NS},"ttl_ms":30000,"nonce":"3f2b8c1e-9d4a-4e7b-a6c5-1d0e8f7b2a94","signer":"","signature_b64":"","metadata":{"agent":"planner-7","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}}`;

export const SHELL_INTENT_RAW = `{"id":"${INTENT_ID_2}","capability":"shell.exec.v1","domain":"production","params":{"command":"echo","args":["hello"],"env":null,"cwd":"/srv/work","timeout_ms":5000,"stdin":null},"created_at_ns":1735689601456000000,"ttl_ms":60000,"nonce":"9a7c1d2e-3b4f-4a5e-8c6d-7e8f9a0b1c2d","signer":"","signature_b64":"","metadata":{}}`;

export const RESULT_OK_RAW = `{"intent_id":"${INTENT_ID_2}","status":"ok","output":{"stdout":"hello\\n","stderr":"","logs":[],"exit_code":0,"duration_ms":12,"stdout_bytes":6,"stderr_bytes":0},"error":null,"started_at_ns":1735689601456000000,"finished_at_ns":1735689601468123456,"runner_meta":{"pid":48213,"cpu_ms":9,"max_rss_kb":5120,"capability_digest":"sha256:5d41402abc4b2a76b9719d911017c592"},"audit_ref":{"id":"audit-${INTENT_ID_2}","timestamp":1735689601,"hash":"placeholder"}}`;

export const RESULT_DENIED_RAW = `{"intent_id":"${INTENT_ID}","status":"denied","output":null,"error":{"code":"POLICY_DENIED","message":"path /etc/shadow is outside the allowlist"},"started_at_ns":1735689600200000000,"finished_at_ns":1735689600200000000,"runner_meta":{"pid":0,"cpu_ms":0,"max_rss_kb":0,"capability_digest":null},"audit_ref":{"id":"audit-${INTENT_ID}","timestamp":1735689600,"hash":"placeholder"}}`;

export const RESULT_LEGACY_RAW = `{"intent_id":"test-intent-123","status":"success","output":{"content":"file contents"},"error":null,"started_at_ns":1640995200000000000,"finished_at_ns":1640995201000000000,"runner_meta":{"pid":1234,"cpu_ms":500,"max_rss_kb":2048,"capability_digest":"test-capability-digest"},"audit_ref":{"id":"audit-ref-456","timestamp":1640995201,"hash":"placeholder"}}`;

const SECURITY_CONTEXT = `{"sandbox_mode":"full","user_ns":4026531837,"mount_ns":4026531840,"pid_ns":4026531836,"net_ns":4026531992,"cgroup_path":"/sys/fs/cgroup/smith/executor-01","landlock_enabled":true,"seccomp_enabled":true,"allowlist_hits":null}`;

export const AUDIT_ENTRY_RAW = `{"intent_id":"${INTENT_ID}","result_status":"denied","timestamp_ns":1735689600200000000,"executor_id":"executor-01","policy_decisions":[{"rule_name":"path_allowlist","decision":"deny","reason":"path /etc/shadow is outside the allowlist"}],"security_context":${SECURITY_CONTEXT}}`;

export const AUDIT_EVENT_RAW = `{"intent_id":"${INTENT_ID_2}","result_status":"ok","timestamp_ns":1735689601470000000,"executor_id":"executor-01","policy_decisions":[{"rule_name":"command_allowlist","decision":"allow","reason":"echo is allowed"},{"rule_name":"env_scrub","decision":"transform","reason":"removed 3 variables"}],"security_context":{"sandbox_mode":"demo","user_ns":null,"mount_ns":null,"pid_ns":null,"net_ns":null,"cgroup_path":null,"landlock_enabled":false,"seccomp_enabled":true,"allowlist_hits":[{"resource_type":"command","resource_id":"/usr/bin/echo","operation":"execute","timestamp_ns":1735689601457000000}]},"resource_usage":{"peak_memory_kb":5120,"cpu_time_ms":9,"wall_time_ms":12,"fd_count":5,"disk_read_bytes":4096,"disk_write_bytes":0,"network_tx_bytes":0,"network_rx_bytes":18446744073709551615}}`;

export const EXECUTOR_AUDIT_RECORD_RAW = `{"timestamp_ms":1735689601470,"intent_id":"${INTENT_ID_2}","intent_hash":"sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae","capability_digest":"sha256:5d41402abc4b2a76b9719d911017c592","runner_digest":"sha256:7d793037a0760186574b0282f2f435e7","decision":{"allow":true,"code":null,"limits":{"cpu_ms_per_100ms":50,"mem_bytes":134217728,"io_bytes":10485760,"pids_max":10,"timeout_ms":30000}},"sandbox_digest":"sha256:e3b0c44298fc1c149afbf4c8996fb924","actor":{"tenant":"acme","key_id":"key-2025-01","jwt_subject":null},"result":{"status":"ok","duration_ms":12,"exit_code":0,"artifacts_count":0,"stdout_bytes":6,"stderr_bytes":0}}`;

export const GRAPH_DELTA_RAW = `{"type":"GraphDelta","data":{"request_id":null,"nodes_added":[{"id":"${NODE_A}","label":"read /etc/hostname","node_type":"intent","metadata":{"status":"ok","intent_id":"${INTENT_ID}"}},{"id":"${NODE_B}","label":"echo hello","node_type":"intent","metadata":{"status":"running","intent_id":"${INTENT_ID_2}","host":"runner-3"}}],"edges_added":[{"id":"${EDGE_AB}","from":"${NODE_A}","to":"${NODE_B}","label":null,"edge_type":"depends_on"}],"nodes_removed":[],"edges_removed":[]}}`;

const REQ = "01941f29-8000-7aaa-8bbb-cccdddeee001";
export const EVENT_SAMPLES: Record<string, string> = {
  Ready: `{"type":"Ready","data":{"version":0,"capabilities":["shell_exec","nats","tracing"],"service_id":"01941f29-0000-7abc-8def-0123456789ab"}}`,
  StateChange: `{"type":"StateChange","data":{"request_id":null,"state":"Processing","timestamp":1735689600123}}`,
  Log: `{"type":"Log","data":{"level":"Warn","message":"slow runner","timestamp":1735689600124,"request_id":"${REQ}"}}`,
  TokenUsage: `{"type":"TokenUsage","data":{"request_id":"${REQ}","tokens_used":1532,"tokens_remaining":null}}`,
  ShellOutput: `{"type":"ShellOutput","data":{"request_id":"${REQ}","stdout":"hello\\n","stderr":null,"exit_code":0,"finished":true}}`,
  ToolResult: `{"type":"ToolResult","data":{"request_id":"${REQ}","success":false,"result":null,"error":"timeout after 30s"}}`,
  HookResultBlock: `{"type":"HookResult","data":{"request_id":"${REQ}","action":{"type":"Block","data":{"reason":"rm -rf is not allowed"}}}}`,
  HookResultAllow: `{"type":"HookResult","data":{"request_id":"${REQ}","action":{"type":"Allow","data":{"command":"ls"}}}}`,
  HookResultTransform: `{"type":"HookResult","data":{"request_id":"${REQ}","action":{"type":"Transform","data":{"command":"ls","args":["--color=never"]}}}}`,
  GraphDelta: GRAPH_DELTA_RAW,
  Error: `{"type":"Error","data":{"request_id":null,"error_code":"NATS_DISCONNECTED","message":"lost connection","timestamp":1735689600999}}`,
};

export const BENCHMARK_RAW = `{"run_id":"01941f29-9000-7111-8222-333444555666","task_id":"swe-bench-142","step_id":"01941f29-9001-7111-8222-333444555667","ts":"2025-01-01T00:00:00.123456789Z","policy_id":"baseline-v3","cfg_hash":"cfg-9f2c11","env_hash":"env-77ab02","seed":18446744073709551615,"event_type":{"RunStart":{"model":"qwen2.5-coder:32b"}},"data":{"max_steps":40}}`;

export const NODE_TASK_RAW = `{"id":"task-7f3a9c","description":"Summarise the failing tests in the workspace","context":{"workspace":"/srv/ws/demo","session_key":"sess-2025-01-01"}}`;
export const NODE_RESULT_RAW = `{"task_id":"task-7f3a9c","response":"3 tests fail in parser.rs","task_completed":true,"tool_calls":4}`;
export const NODE_RESULT_FULL_RAW = `{"task_id":"task-7f3a9c","response":"done","task_completed":true,"tool_calls":7,"new_skill":{"name":"summarise-tests","description":"Summarise failing tests","path":"/home/u/.skilllite/skills/summarise-tests","txn_id":"txn-0193"},"completion_type":"partial_success","llm_usage":{"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,"cached_tokens":800}}`;

export const TASK_REPLY_RAW = `{"model_id":"qwen2.5-coder:32b","content":"FILE: src/lib.rs\\nfn main() {}\\nEND-FILE","diff":"--- a/src/lib.rs\\n+++ b/src/lib.rs\\n","empty_diff":false,"diff_applied":true}`;
export const TASK_REPLY_FULL_RAW = `{"model_id":"claude-sonnet-4","content":"I would change the parser.","diff":"","empty_diff":true,"diff_applied":false,"emission_shape":"prose","raw_emission":"I would change the parser.","metrics":{"elapsed_ms":8421,"usage":{"input_tokens":5120,"output_tokens":311},"cost_usd":0.0201,"model_id":"claude-sonnet-4","endpoint":"https://api.anthropic.com","end_reason":"narration_cap_exhausted"}}`;

// SkillLite result shapes as its agent RPC (rpc.rs) and swarm (handler.rs) write them.
export const RPC_UUID = "5b0e8f9e-2f4c-4d8e-9a77-0c1b2d3e4f50";
const WIKI = `{"trigger":"consecutive_tool_failures","replan_count":0,"failed_tool_count":3,"failed_tools":["run_command"],"error_summaries":["pytest: command not found"],"proposed_title":"Conversation lesson: consecutive tool failures while working on tests","proposed_lesson":"Install pytest before running the suite."}`;
export const RPC_DONE = `{"event":"done","data":{"task_id":"${RPC_UUID}","response":"2 of 3 suites pass","task_completed":true,"tool_calls":3,"completion_type":"partial_success","llm_usage":{"prompt_tokens":1200,"completion_tokens":80,"total_tokens":1280,"responses_with_usage":2,"responses_without_usage":1},"wiki_update_suggestion":${WIKI}}}`;
export const RPC_DONE_FALLBACK = `{"event":"done","data":{"task_id":"${RPC_UUID}","response":"ok","task_completed":true,"tool_calls":0,"new_skill":null,"completion_type":"success","llm_usage":{},"wiki_update_suggestion":null}}`;
export const SWARM_RECEIVED = `{"event":"received","task_id":"task-7f3a9c"}`;
export const SWARM_EXECUTING = `{"event":"executing"}`;
export const SWARM_DONE = `{"event":"done","result":{"task_id":"task-7f3a9c","response":"done","task_completed":true,"tool_calls":2}}`;
export const SWARM_STREAM_ERROR = `{"event":"error","error":{"error":"execution_failed","message":"agent crashed"}}`;
export const SWARM_NO_MATCH = `{"error":"no_match","message":"No local or peer node has required capabilities","required_capabilities":["gpu"]}`;
export const SWARM_FORWARD_FAILED = `{"error":"forward_failed","message":"status=502 Bad Gateway body="}`;
export const SWARM_EXECUTION_FAILED = `{"error":"execution_failed","message":"No API key"}`;
export const SWARM_NOT_WIRED = `{"error":"local_executor_not_configured","message":"Swarm received task but agent/executor not wired. Build with --features agent."}`;
export const RPC_ERROR = `{"event":"error","data":{"message":"API key required. Set OPENAI_API_KEY env var."}}`;

/** `TaskFeatures` (smith-protocol benchmark.rs) as serde writes it, field order kept. */
export const TASK_FEATURES_RAW = `{"repo_size_mb":48.5,"file_count":1203,"language_mix":{"rust":0.82,"python":0.18},"dependency_count":214,"test_count":877,"complexity_score":0.63,"domain":"web-backend","historical_failure_rate":0.25,"avg_completion_time_ms":184000}`;

/** `PolicyUpdate` (smith-protocol policy.rs) as serde writes it: internally tagged by action. */
export const POLICY_UPSERT_RAW = `{"action":"upsert","policy":{"policy_id":"fs-read-allowlist","version":3,"capability":"fs.read.v1","priority":10,"entrypoint":"data.smith.allow","module":"package smith\\nimport rego.v1\\ndefault allow := false","limits":{"cpu_ms_per_100ms":50,"mem_bytes":134217728,"io_bytes":10485760,"pids_max":10,"timeout_ms":30000}}}`;
export const POLICY_REMOVE_RAW = `{"action":"remove","policy_id":"fs-read-allowlist"}`;
export const POLICY_RESET_RAW = `{"action":"reset","capability":null}`;

/** Parses, lets `edit` change the object, and writes it back (big integers exact). */
export function mutate(raw: string, edit: (value: Record<string, unknown>) => void): string {
  const value = parseLossless(raw);
  if (!isJsonObject(value)) throw new TypeError("fixture is not an object");
  edit(value);
  return stringifyLossless(value);
}

/** The object at `key` of a parsed fixture, for nested edits. */
export function child(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const inner = value[key];
  if (!isJsonObject(inner)) throw new TypeError(`${key} is not an object`);
  return inner;
}
