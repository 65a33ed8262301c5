import { execFileSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testActor } from "../../test/auth";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { measureEventLoopLag } from "../../test/event-loop-lag";
import { getHistoryEvents } from "../queries/get-history-events";
import { localRunSchema } from "./local-run-schema";
import { awsMaxHistoryEvents, localRunMaxTransitions } from "./local-runner";
import { runLocalDefinition } from "./run-local-definition";

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
  return events.map(
    (e) =>
      `${e.id}:${e.type}${e["stateEnteredEventDetails"] ? `:${String(e["stateEnteredEventDetails"]["name"])}` : ""}`,
  );
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
    const runs = await db.prisma.stateRun.findMany({
      where: { executionId: row.id },
      orderBy: { enteredEventId: "asc" },
    });
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

/** The local-run processes this test process started (a spare one waits for the next job). */
function runProcesses(): number[] {
  return execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(process.pid)], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes("local-run-worker"))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

/** Kills (SIGKILL) the next local-run process this test process starts, as soon as it exists. */
async function killNextRunProcess(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [pid] = runProcesses();
    if (pid !== undefined) {
      process.kill(pid, "SIGKILL");
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("no local-run process started");
}

describe("a local run whose process dies before any state runs", () => {
  it("ends as a whole FAILED execution with a clear cause, and the next run works", async () => {
    const definition = JSON.stringify({ StartAt: "Never", States: { Never: { Type: "Pass", End: true } } });
    // No spare left by the tests before: the run forks its process now.
    for (const pid of runProcesses()) process.kill(pid, "SIGKILL");
    while (runProcesses().length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const killed = killNextRunProcess();
    // The process is killed while it loads the interpreter, before it could record any event.
    const { value, busyLagMs } = await measureEventLoopLag(() =>
      runLocalDefinition(
        db,
        localRunSchema.parse({ definition, input: JSON.stringify({ order: 42 }) }),
        testActor("tester"),
        limits,
      ),
    );
    await killed;
    expect(value.status).toBe("FAILED");
    const row = await db.prisma.execution.findUniqueOrThrow({ where: { executionArn: value.executionArn } });
    expect(row).toMatchObject({
      status: "FAILED",
      error: "States.Runtime",
      cause: "The local run's process ended (SIGKILL) before the execution did",
    });
    // Stored whole: the execution with its input, its two events, no state run; audited once.
    expect(await storedHistory(value.executionArn)).toEqual(["1:ExecutionStarted", "2:ExecutionFailed"]);
    expect(
      (await getHistoryEvents(db.prisma, value.executionArn))?.[0]?.["executionStartedEventDetails"]?.["input"],
    ).toBe('{"order":42}');
    expect(await db.prisma.stateRun.count()).toBe(0);
    expect(await db.prisma.execution.count()).toBe(1);
    expect(await db.prisma.auditLog.findMany({ where: { action: "local.run" } })).toMatchObject([
      { outcome: "OK", targetId: value.executionArn },
    ]);
    // This thread kept answering throughout.
    expect(busyLagMs).toBeLessThan(500);
    // And the runner still runs: another process takes the next job.
    const next = await runLocalDefinition(db, localRunSchema.parse({ definition }), testActor("tester"), limits);
    expect(next.status).toBe("SUCCEEDED");
  }, 90_000);
});
