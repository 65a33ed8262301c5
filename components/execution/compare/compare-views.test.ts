import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { compareRuns } from "@/lib/execution-view/compare-runs";
import { diffJson } from "@/lib/execution-view/diff-json";
import { JsonDiffView } from "./json-diff-view";
import { PathComparison } from "./path-comparison";

describe("compare views", () => {
  it("marks the first differing step and lists differing outcomes in text, not only colour", () => {
    const comparison = compareRuns(
      [
        { name: "A", status: "SUCCEEDED", scope: [] },
        { name: "Fail", status: "FAILED", scope: [] },
      ],
      [
        { name: "A", status: "SUCCEEDED", scope: [] },
        { name: "B", status: "SUCCEEDED", scope: [] },
      ],
    );
    const html = renderToStaticMarkup(
      createElement(PathComparison, { comparison, leftLabel: "This", rightLabel: "Other" }),
    );
    expect(html).toContain("The paths diverge at step 2.");
    expect(html).toMatch(/data-testid="compare-first-divergence"[^>]*>.*?<td[^>]*>2/);
    expect(html).toContain("Fail</span>: FAILED → not reached");
  });

  it("renders one row per changed path", () => {
    const html = renderToStaticMarkup(
      createElement(JsonDiffView, { changes: diffJson({ a: 1 }, { a: 2, b: "x" }), label: "Input differences" }),
    );
    expect(html.match(/<tr class="align-top">/g)).toHaveLength(2);
    expect(html).toContain("/a");
    expect(html).toContain("&quot;x&quot;");
    expect(renderToStaticMarkup(createElement(JsonDiffView, { changes: [], label: "x" }))).toContain("identical");
  });
});
