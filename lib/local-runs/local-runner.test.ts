import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testActor } from "../../test/auth";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { listLocalRuns } from "../queries/list-local-runs";
import { localRunSchema } from "./local-run-schema";
import { awsMaxHistoryEvents, localRunMaxTransitions } from "./local-runner";
import type { StateMachineDefinition } from "../asl/types";
import { runLocalDefinition } from "./run-local-definition";
import { runLocalJobIsolated } from "./run-local-job-isolated";

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db?.drop();
});

const wallMs = 2_000;
const limits = { maxTransitions: localRunMaxTransitions, maxEvents: awsMaxHistoryEvents, wallMs, memoryMb: 128 };
const jsonata = (expression: string) =>
  JSON.stringify({
    QueryLanguage: "JSONata",
    StartAt: "A",
    States: { A: { Type: "Pass", Output: `{% ${expression} %}`, End: true } },
  });

/** The longest a 10 ms interval timer of this thread was late while `work` ran. */
async function maxEventLoopLag<T>(work: () => Promise<T>): Promise<{ value: T; lagMs: number }> {
  let lagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last - 10);
    last = now;
  }, 10);
  try {
    return { value: await work(), lagMs };
  } finally {
    clearInterval(timer);
  }
}

// Each case blocked the server's event loop (or aborted the process) when the interpreter ran in it.
const blocking: readonly { name: string; definition: string; error: string; cause: RegExp }[] = [
  {
    name: "a JSONata function that recurses forever",
    definition: jsonata("($f := function($n) { $f($n + 1) }; $f(0))"),
    error: "States.Runtime",
    cause: /exceeded its wall-clock limit of 2 s/,
  },
  {
    name: "a catastrophic regular expression in $match",
    definition: jsonata("$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+$/)"),
    error: "States.Runtime",
    cause: /exceeded its wall-clock limit of 2 s/,
  },
  {
    name: "States.ArrayRange(1, 1e9, 1)",
    definition: JSON.stringify({
      StartAt: "A",
      States: { A: { Type: "Pass", Parameters: { "r.$": "States.ArrayRange(1, 1000000000, 1)" }, End: true } },
    }),
    error: "States.IntrinsicFailure",
    cause: /more than 1000 items/,
  },
];

/** What this thread's timers lag with nothing running (a busy test machine delays them too). */
let idleLagMs = 0;
/**
 * 200 ms on a quiet machine. On a shared CI box threads are starved for a few hundred ms at
 * random (measured here: up to ~450 ms with nothing blocking), so never less than half the
 * wall-clock limit: a run in this thread blocks the loop for all of it (or forever).
 */
const lagAllowedMs = (): number => Math.max(200 + idleLagMs, wallMs / 2);
beforeAll(async () => {
  idleLagMs = (await maxEventLoopLag(() => new Promise((resolve) => setTimeout(resolve, 3_000)))).lagMs;
}, 20_000);

describe("the local runner's isolation", () => {
  for (const { name, definition, error, cause } of blocking) {
    it(`ends ${name} as a stored FAILED execution within its limit, the event loop answering throughout`, async () => {
      const started = performance.now();
      const { value, lagMs } = await maxEventLoopLag(() =>
        runLocalDefinition(db, localRunSchema.parse({ definition }), testActor("tester"), limits),
      );
      const elapsed = performance.now() - started;
      expect(value.status).toBe("FAILED");
      const [stored] = await listLocalRuns(db.prisma);
      expect(stored).toMatchObject({ executionArn: value.executionArn, status: "FAILED", error });
      const row = await db.prisma.execution.findUniqueOrThrow({ where: { executionArn: value.executionArn } });
      expect(row.cause ?? "").toMatch(cause);
      expect(await db.prisma.auditLog.findMany({ where: { action: "local.run" } })).toMatchObject([
        { outcome: "OK", targetId: value.executionArn },
      ]);
      expect(lagMs).toBeLessThan(lagAllowedMs());
      // The limit, a second's grace, and the worker's start (tsx loads the interpreter; slow on a busy machine).
      expect(elapsed).toBeLessThan(wallMs + 1_000 + 25_000);
    }, 60_000);
  }

  it("ends a Retry with a huge MaxAttempts on a Task nothing answers at AWS's 25,000-event quota (or the wall clock), the event loop answering throughout", async () => {
    const definition = {
      StartAt: "T",
      States: {
        T: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:1:function:f",
          Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 99_999_999, IntervalSeconds: 1, BackoffRate: 1 }],
          End: true,
        },
      },
    };
    const started = performance.now();
    // The run alone: storing a 25,000-event history afterwards is the same work as importing one.
    const { value, lagMs } = await maxEventLoopLag(() =>
      runLocalJobIsolated({
        definition: definition as unknown as StateMachineDefinition,
        input: "{}",
        stateMachineName: "m",
        executionName: "retry",
        startMs: Date.now(),
        invokers: [],
        limits,
      }),
    );
    expect(performance.now() - started).toBeLessThan(wallMs + 1_000 + 25_000);
    expect(value.result.status).toBe("FAILED");
    expect(value.result.cause).toMatch(
      /exceeded its wall-clock limit|maximum number of events in its history \(25000\)/,
    );
    expect(value.result.events.length).toBeLessThanOrEqual(awsMaxHistoryEvents);
    expect(value.result.events.at(-1)?.type).toBe("ExecutionFailed");
    expect(lagMs).toBeLessThan(lagAllowedMs());
  }, 60_000);

  it("ends a run that outgrows its memory as a FAILED execution naming the limit", async () => {
    // Doubling a list of objects inside one expression: no state boundary, no payload check, only the heap limit.
    const definition = jsonata(
      "($f := function($a) { $f($append($a, $a)) }; $f([{'k': 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv'}]))",
    );
    const { value, lagMs } = await maxEventLoopLag(() =>
      runLocalDefinition(db, localRunSchema.parse({ definition }), testActor("tester"), {
        ...limits,
        memoryMb: 64,
        wallMs: 20_000,
      }),
    );
    expect(value.status).toBe("FAILED");
    const row = await db.prisma.execution.findUniqueOrThrow({ where: { executionArn: value.executionArn } });
    expect(`${row.error ?? ""}: ${row.cause ?? ""}`).toMatch(
      /States\.Runtime: An error occurred while executing the state 'A' \(entered at the event id #2\)\. The local run exceeded its memory limit of 64 MB|States\.QueryEvaluationError|States\.DataLimitExceeded/,
    );
    expect(lagMs).toBeLessThan(lagAllowedMs());
  }, 60_000);
});
