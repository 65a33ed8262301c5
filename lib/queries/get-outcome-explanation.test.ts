import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { buildStoppedHistory, buildTaskTimeoutHistory } from "../../test/builders/timed-out-history";
import { explainOutcome } from "../history/explain-outcome";
import { outcomeFactsOfHistory } from "../history/outcome-facts-of-history";
import type { HistoryEvent } from "../history/types";
import { importHistoryText } from "../ingest/import-history-text";
import { recordAudit } from "../store/record-audit";
import { getExecutionDetail } from "./get-execution-detail";

const definition = {
  StartAt: "Prepare",
  TimeoutSeconds: 300,
  States: {
    Prepare: { Type: "Pass", Next: "Hold" },
    Hold: { Type: "Wait", Seconds: 3600, Next: "Await" },
    Await: {
      Type: "Task",
      Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      TimeoutSeconds: 600,
      HeartbeatSeconds: 30,
      End: true,
    },
  },
};
let db: TestDatabase;

async function store(name: string, events: readonly HistoryEvent[]): Promise<string> {
  const smArn = "arn:aws:states:us-east-1:123456789012:stateMachine:explained";
  const arn = `arn:aws:states:us-east-1:123456789012:execution:explained:${name}`;
  const bundle = {
    execution: { executionArn: arn, stateMachineArn: smArn, name },
    stateMachine: {
      stateMachineArn: smArn,
      name: "explained",
      type: "STANDARD",
      definition: JSON.stringify(definition),
    },
    events,
  };
  await importHistoryText(db, JSON.stringify(bundle), {
    fileName: `${name}.json`,
    source: { kind: "UPLOAD", name: "uploads" },
  });
  return arn;
}

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.drop());

describe("the execution page's outcome explanation, from the stored rows", () => {
  it.each([
    ["task-timeout", buildTaskTimeoutHistory([30, 600])],
    ["timed-out", buildStoppedHistory("TIMED_OUT", 300_000)],
    ["aborted", buildStoppedHistory("ABORTED", 5_000)],
  ])("%s: says what the history itself says", async (name, events) => {
    const arn = await store(name, events);
    const detail = await getExecutionDetail(db.prisma, arn);
    expect(detail?.outcome).not.toBeNull();
    expect(detail?.outcome).toEqual(explainOutcome(outcomeFactsOfHistory(events, definition)));
  });

  it("names the Stepscope user whose StopExecution aborted it", async () => {
    const events = buildStoppedHistory("ABORTED", 5_000).map((e) => ({
      ...e,
      timestamp: e.timestamp.replace("2026-11-02", "2026-11-03"),
    }));
    const arn = await store("stopped-by-alice", events);
    const stoppedAt = events[events.length - 1]!.timestamp;
    await recordAudit(
      db.pool,
      { userId: null, name: "alice" },
      {
        action: "execution.stop",
        targetType: "execution",
        targetId: arn,
        outcome: "OK",
      },
    );
    await db.pool.query("UPDATE audit_logs SET at = $1::timestamptz + interval '2 seconds' WHERE target_id = $2", [
      stoppedAt,
      arn,
    ]);
    expect((await getExecutionDetail(db.prisma, arn))?.outcome).toMatchObject({ kind: "aborted", stoppedBy: "alice" });
  });
});
