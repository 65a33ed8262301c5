import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { diffJson } from "@/lib/execution-view/diff-json";
import { OutcomeComparison } from "./outcome-comparison";

describe("OutcomeComparison", () => {
  it("shows each side's status, error and cause, and one row per output path that changed", () => {
    const html = renderToStaticMarkup(
      createElement(OutcomeComparison, {
        left: {
          label: "This execution (replay)",
          status: "FAILED",
          error: "States.TaskFailed",
          cause: "No task resolution for state 'Notify'",
        },
        right: { label: "order-42", status: "SUCCEEDED", error: null, cause: null },
        outputChanges: diffJson(undefined, { shipped: true }),
      }),
    ).replace(/<wbr\/?>/g, ""); // identifiers carry break opportunities at their dots, invisible in the text
    expect(html).toMatch(
      /data-testid="compare-outcome-left".*failed.*States\.TaskFailed.*No task resolution for state &#x27;Notify&#x27;/,
    );
    expect(html).toMatch(/data-testid="compare-outcome-right".*succeeded/);
    expect(html).not.toContain("Both ended the same way");
    expect(html).toContain('data-testid="compare-output-diff"');
    expect(html).toContain("(whole output)");
  });

  it("says so when both ended alike with identical outputs", () => {
    const same = { status: "SUCCEEDED", error: null, cause: null };
    const html = renderToStaticMarkup(
      createElement(OutcomeComparison, {
        left: { label: "a", ...same },
        right: { label: "b", ...same },
        outputChanges: [],
      }),
    );
    expect(html).toContain("Both ended the same way.");
    expect(html).toContain("The outputs are identical.");
  });
});
