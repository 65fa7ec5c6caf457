import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { AuditList } from "@/lib/contract/audit";
import { AuditFacets } from "./audit-facets";

const facets: AuditList["facets"] = {
  executor: [{ value: "exec-ci-02", count: 1500 }],
  status: [{ value: "ok", count: 20_000 }],
  decision: [],
  rule: [],
  sandbox: [],
  capability: [],
  domain: [],
};

const render = (atLeast: boolean) =>
  renderToStaticMarkup(createElement(AuditFacets, { facets, total: 20_000, atLeast, onAdd: () => undefined }));

describe("audit facets", () => {
  it("say when the total and counts are lower bounds", () => {
    const html = render(true);
    expect(html).toContain('aria-label="at least 20000 matching events"');
    expect(html).toContain("≥ 20,000");
    expect(html).toContain('aria-label="executor:exec-ci-02, at least 1500 events"');
    expect(html).toContain("counted over the newest of them");
  });

  it("show exact counts plainly", () => {
    const html = render(false);
    expect(html).toContain('aria-label="20000 matching events"');
    expect(html).not.toContain("≥");
    expect(html).not.toContain("at least");
  });
});
