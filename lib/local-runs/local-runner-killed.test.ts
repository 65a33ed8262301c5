import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testActor } from "../../test/auth";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { measureEventLoopLag } from "../../test/event-loop-lag";
import { getHistoryEvents } from "../queries/get-history-events";
import { localRunSchema } from "./local-run-schema";
import { awsMaxHistoryEvents, localRunMaxTransitions, runLocal } from "./local-runner";
import { runLocalDefinition } from "./run-local-definition";
import type { StateMachineDefinition } from "../asl/types";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db?.drop();
});

const limits = { maxTransitions: localRunMaxTransitions, maxEvents: awsMaxHistoryEvents, wallMs: 2_000, memoryMb: 96 };
/** Two states that end, then `Stuck`, whose expression never returns (or outgrows the heap). */
const definitionStuckIn = (expression: string) =>
  JSON.stringify({
    QueryLanguage: "JSONata",
    StartAt: "Prepare",
    States: {
      Prepare: { Type: "Pass", Output: { ready: true }, Next: "Check" },
      Check: { Type: "Pass", Next: "Stuck" },
      Stuck: { Type: "Pass", Output: `{% ${expression} %}`, End: true },
    },
  });

async function storedHistory(executionArn: string) {
  const events = (await getHistoryEvents(db.prisma, executionArn)) ?? [];
  return events.map((e) => `${e.id}:${e.type}${e.stateEnteredEventDetails ? `:${e.stateEnteredEventDetails.name}` : ""}`);
}

describe("a local run killed at its limit", () => {
  it("keeps the events it recorded and fails naming the state that was running at the wall-clock limit", async () => {
    const definition = definitionStuckIn("($f := function($n) { $f($n + 1) }; $f(0))");
    const { executionArn, status } = await runLocalDefinition(
      db,
      localRunSchema.parse({ definition }),
      testActor("tester"),
      limits,
    );
    expect(status).toBe("FAILED");
    expect(await storedHistory(executionArn)).toEqual([
      "1:ExecutionStarted",
      "2:PassStateEntered:Prepare",
      "3:PassStateExited",
      "4:PassStateEntered:Check",
      "5:PassStateExited",
      "6:PassStateEntered:Stuck",
      "7:ExecutionFailed",
    ]);
    const row = await db.prisma.execution.findUniqueOrThrow({ where: { executionArn } });
    expect(row.error).toBe("States.Runtime");
    expect(row.cause).toBe(
      "An error occurred while executing the state 'Stuck' (entered at the event id #6). " +
        "The local run exceeded its wall-clock limit of 2 s and was stopped",
    );
    // The derived rows show the state as entered and never left.
    const runs = await db.prisma.stateRun.findMany({ where: { executionId: row.id }, orderBy: { enteredEventId: "asc" } });
    expect(runs.map((r) => r.name)).toEqual(["Prepare", "Check", "Stuck"]);
  }, 60_000);

  it("names the state that outgrew the heap when the memory limit killed it", async () => {
    // Doubling a list inside one expression: no state boundary, only the heap limit stops it.
    const definition = definitionStuckIn(
      "($f := function($a) { $f($append($a, $a)) }; $f([{'k': 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv'}]))",
    );
    const { executionArn } = await runLocalDefinition(db, localRunSchema.parse({ definition }), testActor("tester"), {
      ...limits,
      memoryMb: 64,
      wallMs: 20_000,
    });
    const row = await db.prisma.execution.findUniqueOrThrow({ where: { executionArn } });
    // JSONata may give up first (its own depth check, or a string too long): then the execution failed in the state as AWS's would.
    expect(`${row.error}: ${row.cause}`).toMatch(
      /^States\.Runtime: An error occurred while executing the state 'Stuck' \(entered at the event id #6\)\. The local run exceeded its memory limit of 64 MB|States\.QueryEvaluationError|States\.DataLimitExceeded/,
    );
    expect((await storedHistory(executionArn)).slice(0, 6)).toEqual([
      "1:ExecutionStarted",
      "2:PassStateEntered:Prepare",
      "3:PassStateExited",
      "4:PassStateEntered:Check",
      "5:PassStateExited",
      "6:PassStateEntered:Stuck",
    ]);
  }, 60_000);
});

describe("a local run whose process dies before any state runs", () => {
  it("ends as a whole FAILED execution with a clear cause, and the next run works", async () => {
    // 3 million small objects: the input text crosses (≈ 25 MB) but parsing it, before the first state, outgrows a 64 MB heap.
    const input = `[${Array.from({ length: 3_000_000 }, () => '{"a":1}').join(",")}]`;
    const definition = { StartAt: "Never", States: { Never: { Type: "Pass", End: true } } };
    const { value, busyLagMs } = await measureEventLoopLag(() =>
      runLocal({
        prepare: () => ({
          definition: definition as unknown as StateMachineDefinition,
          input,
          stateMachineName: "Huge",
          executionName: "dies-preparing",
          startMs: Date.parse("2026-12-04T10:00:00Z"),
          invokers: [],
          limits: { ...limits, memoryMb: 64, wallMs: 30_000 },
        }),
        store: { db, stateMachineName: "Huge", name: "dies-preparing" },
      }),
    );
    expect(value.result.status).toBe("FAILED");
    expect(value.result.error).toBe("States.Runtime");
    expect(value.result.cause).toMatch(
      /^The local run (exceeded its memory limit of 64 MB and was stopped|'s process ended \(.+\) before the execution did)$/,
    );
    // Stored whole: the execution, its two events, no state run; nothing else.
    const { executionArn } = value.result;
    expect(await storedHistory(executionArn)).toEqual(["1:ExecutionStarted", "2:ExecutionFailed"]);
    const row = await db.prisma.execution.findUniqueOrThrow({ where: { executionArn } });
    expect(row).toMatchObject({ status: "FAILED", error: "States.Runtime", cause: value.result.cause });
    expect(await db.prisma.stateRun.count()).toBe(0);
    expect(await db.prisma.execution.count()).toBe(1);
    // This thread kept answering while the child parsed and died (its share of the work is a few small messages).
    expect(busyLagMs).toBeLessThan(500);
    // And the runner still runs: a new process takes the next job.
    const next = await runLocalDefinition(
      db,
      localRunSchema.parse({ definition: JSON.stringify(definition) }),
      testActor("tester"),
      limits,
    );
    expect(next.status).toBe("SUCCEEDED");
  }, 90_000);
});
