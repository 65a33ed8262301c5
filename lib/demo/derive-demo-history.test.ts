import { describe, expect, test } from "vitest";
import { deriveHistory } from "@/lib/history/derive-history";
import { generateDemoRuns } from "./generate-demo-executions";
import { generateLargeHistory } from "./generate-large-history";

describe("deriveHistory over demo executions", () => {
  const runs = generateDemoRuns({ seed: 42, count: 200, now: new Date("2025-06-01T12:00:00.000Z") });

  test("agrees on the status and error of every generated execution", () => {
    for (const run of runs) {
      const { summary } = deriveHistory(run.execution.events, run.execution.identity);
      expect(summary.status, run.execution.identity.executionArn).toBe(run.expectedStatus);
      expect(summary.error, run.execution.identity.executionArn).toBe(run.expectedError);
      expect(summary.eventCount).toBe(run.execution.events.length);
    }
  });

  test("agrees on the status of a large failing Map history", () => {
    const large = generateLargeHistory({ seed: 3, targetEvents: 5000, startedAt: new Date("2025-05-20T08:00:00.000Z"), outcome: "FAILED" });
    expect(deriveHistory(large.events, large.identity).summary.status).toBe("FAILED");
  });
});
