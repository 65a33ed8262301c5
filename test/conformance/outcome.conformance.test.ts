import { describe, expect, it } from "vitest";
import { explainOutcome } from "@/lib/history/explain-outcome";
import { outcomeFactsOfHistory } from "@/lib/history/outcome-facts-of-history";
import { stateByName } from "@/lib/history/outcome-facts";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import type { HistoryEvent } from "@/lib/history/types";
import { conformanceDir, loadConformanceCases, toAwsHistory, type Case } from "./denormalize";

const dir = conformanceDir();

function eventsOf(c: Case): readonly HistoryEvent[] {
  const [parsed] = parseHistoryFile(JSON.stringify(toAwsHistory(c)), { fileName: `${c.name}.json` });
  if (parsed === undefined) throw new Error(`${c.name}: no execution`);
  return parsed.events;
}

if (dir === null)
  describe("outcome conformance", () => {
    console.warn("shared/conformance not found: outcome conformance suite skipped");
    it.skip("shared/conformance not found: outcome conformance suite skipped", () => {});
  });

if (dir !== null)
  describe("outcome conformance: recorded AWS timeouts and stops are explained", () => {
    const all = loadConformanceCases();
    const cases = all.filter((c) => c.definition !== null && c.definition !== undefined);
    const timedOutTasks = cases.filter(
      (c) => c.status === "FAILED" && c.history.some((e) => e["type"] === "TaskTimedOut"),
    );
    // Recorded stops may come without their definition (history-only): the explanation needs none.
    const aborted = all.filter((c) => c.history.some((e) => e["type"] === "ExecutionAborted"));

    it("finds the recorded Task timeouts (fixed, heartbeat, in a Map, waiting for a token)", () => {
      expect(timedOutTasks.length).toBeGreaterThanOrEqual(4);
      expect(aborted.length).toBeGreaterThanOrEqual(1);
    });

    it.each(timedOutTasks.map((c) => [c.name, c] as const))(
      "%s: names the Task's limits as AWS recorded them and counts the timed-out attempts",
      (_name, c) => {
        const events = eventsOf(c);
        const o = explainOutcome(outcomeFactsOfHistory(events, c.definition));
        expect(o?.kind).toBe("task-timeout");
        if (o?.kind !== "task-timeout") return;
        // AWS records the evaluated limits (`*SecondsPath` included) on the attempt's `TaskScheduled`; else the definition's.
        const state = stateByName(c.definition, o.stateName);
        const scheduled = c.history.find((e) => e["type"] === "TaskScheduled")?.["taskScheduledEventDetails"] as
          Record<string, unknown> | undefined;
        expect(o.timeoutSeconds).toBe(scheduled?.["timeoutInSeconds"] ?? state?.["TimeoutSeconds"] ?? null);
        expect(o.heartbeatSeconds).toBe(scheduled?.["heartbeatInSeconds"] ?? state?.["HeartbeatSeconds"] ?? null);
        // The corpus's timestamps are synthesised: with a heartbeat limit set, the times cannot tell which fired.
        const expected = o.heartbeatSeconds === null ? "TimeoutSeconds" : "unknown";
        expect(o.timedOut.map((t) => t.kind)).toEqual([expected]);
        expect(o.timedOut[0]?.attempts).toBeGreaterThanOrEqual(1);
      },
    );

    it("explains every recorded abort as a StopExecution (whoever sent it is not in the history)", () => {
      for (const c of aborted)
        expect(explainOutcome(outcomeFactsOfHistory(eventsOf(c), c.definition)), c.name).toMatchObject({
          kind: "aborted",
          stoppedBy: null,
        });
    });
  });
