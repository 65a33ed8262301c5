import type { ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { StateMachineDefinition } from "@/lib/asl/types";
import { recordingsOfFile } from "@/lib/cli/test-sources";
import { forkChild } from "./local-run-children";
import { ReplayPool } from "./replay-pool";
import { replayJobOf, testRecordings, type RecordingTestResult, type RecordingUnderTest } from "./test-recordings";

// The checkout fixtures (test/fixtures/regression): three recordings, amounts 40, 70 and 250.
const dir = path.resolve(__dirname, "../../test/fixtures/regression");
const readDefinition = async (variant: string) =>
  JSON.parse(await readFile(path.join(dir, `checkout${variant}.asl.json`), "utf8")) as StateMachineDefinition;
const limits = { maxEvents: 25_000, wallMs: 2_000, memoryMb: 128 };

async function fixtures(): Promise<Record<"declined" | "large" | "small", RecordingUnderTest>> {
  const read = async (file: string) => (await recordingsOfFile(path.join(dir, "recorded", file), "checkout"))[0]!;
  return {
    declined: await read("order-declined.json"),
    large: await read("order-large.bundle.json"),
    small: await read("order-small.json"),
  };
}

/** Everything a result says but its timing. */
const comparable = (r: RecordingTestResult) =>
  r.type === "not-replayed"
    ? r
    : {
        name: r.recording.name,
        replayArn: r.replayArn,
        replay: r.replay,
        comparison: r.comparison,
        unresolvedTasks: r.unresolvedTasks,
      };

/** A pool whose children are counted. */
function countingPool(size: number): { pool: ReplayPool; forks: () => number } {
  let forks = 0;
  const fork = (memoryMb: number): ChildProcess => {
    forks++;
    return forkChild(memoryMb);
  };
  return { pool: new ReplayPool({ memoryMb: limits.memoryMb, size, fork }), forks: () => forks };
}

async function replayAll(
  pool: ReplayPool,
  recordings: readonly RecordingUnderTest[],
  definition: StateMachineDefinition,
) {
  return Promise.all(
    recordings.map(async (recording) => {
      const prepared = replayJobOf(recording, { definition, limits }, recording.name);
      if ("reason" in prepared) throw new Error(prepared.reason);
      const { wallMs, ...outcome } = await pool.replay(prepared.job);
      return { name: recording.name, wallMs, outcome };
    }),
  );
}

/** Routes orders over 200 to a state whose expression never returns (JSONata's tail calls loop without a stack). */
const runaway: StateMachineDefinition = {
  QueryLanguage: "JSONata",
  StartAt: "Route",
  States: {
    Route: {
      Type: "Choice",
      Choices: [{ Condition: "{% $states.input.amount > 200 %}", Next: "Stuck" }],
      Default: "Done",
    },
    Stuck: { Type: "Pass", Output: "{% ($f := function($n) { $f($n + 1) }; $f(0)) %}", End: true },
    Done: { Type: "Pass", End: true },
  },
} as unknown as StateMachineDefinition;

describe("replays in a batch", () => {
  it(
    "many replays in one child give the same results as a child process per replay",
    { timeout: 120_000 },
    async () => {
      const { declined, large, small } = await fixtures();
      const recordings = [declined, large, small, small, large, declined];
      const definition = await readDefinition(".choice-changed");
      const perReplay = await testRecordings(recordings, {
        definition,
        limits,
        isolation: "process-per-replay",
        keepSpare: false,
      });
      expect(perReplay.map((r) => [r.recording.name, r.type === "compared" && r.comparison.changed])).toEqual([
        ["order-declined", false],
        ["order-large", true],
        ["order-small", false],
        ["order-small", false],
        ["order-large", true],
        ["order-declined", false],
      ]);
      const { pool, forks } = countingPool(1);
      try {
        const batched = await replayAll(pool, recordings, definition);
        expect(forks()).toBe(1);
        expect(batched.map((b) => ({ name: b.name, ...b.outcome }))).toEqual(
          perReplay.map((r) => {
            const { name, replayArn, replay, comparison, unresolvedTasks } = comparable(r) as Extract<
              ReturnType<typeof comparable>,
              { replayArn: string }
            >;
            return { name, result: { executionArn: replayArn, ...replay }, comparison, unresolvedTasks };
          }),
        );
      } finally {
        pool.close();
      }
      // The same through testRecordings' default for unstored replays (a batch per core).
      const viaBatch = await testRecordings(recordings, { definition, limits, concurrency: 2 });
      expect(viaBatch.map(comparable)).toEqual(perReplay.map(comparable));
    },
  );

  it(
    "ends a runaway replay as its own failure at its wall-clock limit; the others in the batch report as without it",
    { timeout: 120_000 },
    async () => {
      const { declined, large, small } = await fixtures();
      const { pool, forks } = countingPool(1);
      const { pool: reference } = countingPool(1);
      try {
        const batched = await replayAll(pool, [small, declined, large, small, declined], runaway);
        const stuck = batched[2]!;
        expect(stuck.outcome.result).toMatchObject({
          status: "FAILED",
          error: "States.Runtime",
          // The events it had recorded are kept: the failure names the state that was running.
          cause:
            "An error occurred while executing the state 'Stuck' (entered at the event id #4). " +
            "The local run exceeded its wall-clock limit of 2 s and was stopped",
        });
        // Killed at the limit plus its second of grace, not later (the kill and the pipe's close on a loaded machine aside).
        expect(stuck.wallMs).toBeGreaterThanOrEqual(limits.wallMs);
        expect(stuck.wallMs).toBeLessThan(limits.wallMs + 1_000 + 5_000);
        // Compared as recorded up to the kill: the path went Route, then Stuck, which never ended.
        expect(stuck.outcome.comparison.replayed.status).toBe("FAILED");
        expect(stuck.outcome.comparison.firstDivergence?.replayed).toMatchObject({ name: "Route" });
        // The child was killed with it; the rest continued in a fresh one.
        expect(forks()).toBe(2);
        const without = await replayAll(reference, [small, declined, small, declined], runaway);
        expect(without.every((w) => w.outcome.result.status === "SUCCEEDED")).toBe(true);
        expect([0, 1, 3, 4].map((i) => batched[i]!.outcome)).toEqual(without.map((w) => w.outcome));
      } finally {
        pool.close();
        reference.close();
      }
    },
  );

  it(
    "ends a replay that outgrows its heap as its own failure naming the limit; the others in the batch still report",
    { timeout: 120_000 },
    async () => {
      const { declined, large, small } = await fixtures();
      // Doubling a list inside one expression: no state boundary, only the heap limit stops it.
      const hungry = {
        ...runaway,
        States: {
          ...(runaway as unknown as { States: Record<string, unknown> }).States,
          Stuck: {
            Type: "Pass",
            Output: "{% ($f := function($a) { $f($append($a, $a)) }; $f([{'k': 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv'}])) %}",
            End: true,
          },
        },
      } as unknown as StateMachineDefinition;
      const pool = new ReplayPool({ memoryMb: 64, size: 1 });
      try {
        const jobs = [small, large, declined].map((recording) => {
          const prepared = replayJobOf(
            recording,
            { definition: hungry, limits: { ...limits, memoryMb: 64, wallMs: 20_000 } },
            recording.name,
          );
          if ("reason" in prepared) throw new Error(prepared.reason);
          return pool.replay(prepared.job);
        });
        const [first, outgrown, last] = await Promise.all(jobs);
        const { error, cause } = outgrown!.result;
        // JSONata may give up first (its depth check, a string too long): then the state failed as AWS's would.
        expect(`${error}: ${cause}`).toMatch(
          /^States\.Runtime: An error occurred while executing the state 'Stuck' \(entered at the event id #4\)\. The local run exceeded its memory limit of 64 MB|States\.QueryEvaluationError|States\.DataLimitExceeded/,
        );
        expect([first!.result.status, last!.result.status]).toEqual(["SUCCEEDED", "SUCCEEDED"]);
        expect(first!.comparison.replayed.status).toBe("SUCCEEDED");
      } finally {
        pool.close();
      }
    },
  );
});
