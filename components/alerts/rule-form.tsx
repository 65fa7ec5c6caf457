"use client";

import { useState } from "react";
import { ALERT_KINDS, type AlertKind, type RuleView } from "@/lib/contract/alerts";
import { button, field } from "./send";

const KIND_LABELS: Record<AlertKind, string> = {
  "audit-count": "Audit query count over a window",
  integrity: "Any integrity alarm",
  "scorecard-regression": "Scorecard regression (Wilson 95%)",
  "ingest-stalled": "Ingest stalled",
};

/**
 * Create or edit a rule. The webhook fields are an admin's (the server refuses anyone
 * else's change to them); the secret is write-only: left empty, the rule keeps the one
 * it has (or, new, signs with the global secret).
 */
export function RuleForm({ rule, canSetWebhooks, onSubmit, onCancel }: { rule: RuleView | null; canSetWebhooks: boolean; onSubmit: (body: Record<string, unknown>) => Promise<boolean>; onCancel?: () => void }) {
  const [kind, setKind] = useState<AlertKind>(rule?.kind ?? "audit-count");
  const [busy, setBusy] = useState(false);
  const submit = async (form: FormData) => {
    const text = (k: string) => String(form.get(k) ?? "").trim();
    const url = canSetWebhooks ? text("webhookUrl") : (rule?.webhook?.url ?? "");
    const secret = text("webhookSecret");
    const webhook = url
      ? { url, format: canSetWebhooks ? text("webhookFormat") : (rule?.webhook?.format ?? "json"), ...(secret ? { secret } : rule ? {} : { secret: null }) }
      : null;
    const body: Record<string, unknown> = { kind, name: text("name"), muted: form.get("muted") === "on", webhook };
    if (kind !== "scorecard-regression") body.windowMs = Number(text("windowS")) * 1000;
    if (kind === "audit-count") {
      body.query = text("query");
      body.threshold = Number(text("threshold"));
    }
    setBusy(true);
    const ok = await onSubmit(body);
    setBusy(false);
    if (ok && !rule) setKind("audit-count");
  };
  const label = "flex flex-col gap-1 text-sm";
  return (
    <form action={submit} aria-label={rule ? `Edit rule ${rule.name}` : "New rule"} className="flex max-w-3xl flex-col gap-3 rounded-md border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="flex flex-wrap gap-3">
        <label className={label}>
          Name
          <input name="name" required maxLength={120} defaultValue={rule?.name ?? ""} className={field} />
        </label>
        <label className={label}>
          Kind
          <select name="kind" value={kind} onChange={(e) => setKind(ALERT_KINDS.find((k) => k === e.target.value) ?? "audit-count")} disabled={rule !== null} className={field}>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        {kind !== "scorecard-regression" ? (
          <label className={label}>
            Window (seconds)
            <input name="windowS" type="number" min={10} max={3600} required defaultValue={rule?.windowMs ? rule.windowMs / 1000 : kind === "ingest-stalled" ? 300 : 60} className={`${field} w-28`} />
          </label>
        ) : null}
      </div>
      {kind === "audit-count" ? (
        <div className="flex flex-wrap gap-3">
          <label className={`${label} min-w-80 flex-1`}>
            Audit query
            <input name="query" required maxLength={1000} placeholder="decision:deny rule:egress-domains" defaultValue={rule?.query ?? ""} className={`${field} font-mono`} />
          </label>
          <label className={label}>
            Threshold (events)
            <input name="threshold" type="number" min={1} required defaultValue={rule?.threshold ?? 10} className={`${field} w-28`} />
          </label>
        </div>
      ) : null}
      <fieldset disabled={!canSetWebhooks} className="flex flex-wrap gap-3">
        <legend className="mb-1 text-sm text-zinc-500">Webhook {canSetWebhooks ? "" : "(set by an admin)"}</legend>
        <label className={`${label} min-w-80 flex-1`}>
          Webhook URL
          <input name="webhookUrl" type="url" maxLength={2000} placeholder="https://hooks.example.com/pilot" defaultValue={rule?.webhook?.url ?? ""} className={field} />
        </label>
        <label className={label}>
          Body
          <select name="webhookFormat" defaultValue={rule?.webhook?.format ?? "json"} className={field}>
            <option value="json">JSON (signed)</option>
            <option value="slack">Slack-compatible</option>
          </select>
        </label>
        <label className={label}>
          Signing secret
          <input name="webhookSecret" type="password" autoComplete="new-password" minLength={16} maxLength={256} placeholder={rule?.webhook ? `keep ${rule.webhook.secret}` : "empty: the global secret"} className={field} />
        </label>
      </fieldset>
      <label className="flex items-center gap-2 text-sm">
        <input name="muted" type="checkbox" defaultChecked={rule?.muted ?? false} /> Muted
      </label>
      <div className="flex gap-2">
        <button type="submit" className={button} disabled={busy}>
          {rule ? "Save rule" : "Create rule"}
        </button>
        {onCancel ? (
          <button type="button" className={button} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
