import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = path.resolve(__dirname, "../..");
let work: string;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Max resident set size of the CLI and its children, in MB (GNU time's %M). */
  readonly maxRssMb: number;
  readonly seconds: number;
}

/** `stepscope run …` as a user runs it, under /usr/bin/time for its peak memory. */
function run(...args: string[]): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      "/usr/bin/time",
      ["-f", "maxrss=%M", process.execPath, path.join(repo, "bin/stepscope.mjs"), "run", ...args],
      { cwd: repo, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const rss = /maxrss=(\d+)/.exec(stderr);
      resolve({
        code,
        stdout,
        stderr,
        maxRssMb: Number(rss?.[1] ?? Number.NaN) / 1024,
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

async function definition(name: string, value: unknown): Promise<string> {
  const file = path.join(work, `${name}.asl.json`);
  await writeFile(file, JSON.stringify(value));
  return file;
}

const lastEvent = (out: string) => (JSON.parse(out) as { events: Record<string, unknown>[] }).events.at(-1);
const jsonata = (expression: string) => ({
  QueryLanguage: "JSONata",
  StartAt: "A",
  States: { A: { Type: "Pass", Output: `{% ${expression} %}`, End: true } },
});

/** How long the CLI takes to run a one-state definition on this machine (startup included). */
let baselineSeconds = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "stepscope-run-limits-"));
  const ok = await run(await definition("ok", { StartAt: "A", States: { A: { Type: "Pass", End: true } } }));
  expect(ok.code).toBe(0);
  baselineSeconds = ok.seconds;
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

// Each case grew without bound, hung, or exited 1 with an internal error before the limits.
describe("stepscope run's limits", () => {
  const limitSeconds = 3;
  const cases: readonly { name: string; value: unknown; failed: { error: string; cause: RegExp } }[] = [
    {
      name: "a loop that never ends",
      // AWS refuses a loop with no way out (MISSING_END_STATE): each loop has a Choice that never exits.
      value: {
        StartAt: "A",
        States: {
          A: { Type: "Pass", Next: "B" },
          B: { Type: "Choice", Choices: [{ Variable: "$.stop", IsPresent: true, Next: "Done" }], Default: "A" },
          Done: { Type: "Succeed" },
        },
      },
      failed: { error: "States.Runtime", cause: /maximum number of events in its history \(25000\)/ },
    },
    {
      name: "a loop whose payload nests deeper each time",
      value: {
        StartAt: "A",
        States: {
          A: { Type: "Pass", Parameters: { "n.$": "$" }, Next: "B" },
          B: { Type: "Choice", Choices: [{ Variable: "$.stop", IsPresent: true, Next: "Done" }], Default: "A" },
          Done: { Type: "Succeed" },
        },
      },
      failed: {
        error: "States.Runtime",
        cause: /wall-clock limit of 3 s|maximum number of events|The interpreter failed/,
      },
    },
    {
      name: "a string that doubles inside one JSONata expression",
      value: jsonata("($f := function($s) { $f($s & $s) }; $f('x'))"),
      failed: { error: "States.QueryEvaluationError", cause: /./ },
    },
    {
      name: "JSONata that recurses forever",
      value: jsonata("($f := function($n) { $f($n + 1) }; $f(0))"),
      failed: { error: "States.Runtime", cause: /wall-clock limit of 3 s/ },
    },
    {
      name: "a catastrophic regular expression",
      value: jsonata("$match('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', /(a+)+$/)"),
      failed: { error: "States.Runtime", cause: /wall-clock limit of 3 s/ },
    },
    {
      name: "a Retry with a huge MaxAttempts on a Task nothing answers",
      value: {
        StartAt: "T",
        States: {
          T: {
            Type: "Task",
            Resource: "arn:aws:lambda:us-east-1:1:function:f",
            Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 99_999_999, IntervalSeconds: 1, BackoffRate: 1 }],
            End: true,
          },
        },
      },
      failed: { error: "States.Runtime", cause: /maximum number of events in its history \(25000\)/ },
    },
  ];
  for (const { name, value, failed } of cases) {
    it(`ends ${name} as a FAILED execution within its limit and under 512 MB`, async () => {
      const result = await run(
        await definition(name.replace(/\W+/g, "-"), value),
        "--max-seconds",
        String(limitSeconds),
      );
      expect(result.code).toBe(0);
      const last = lastEvent(result.stdout);
      expect(last).toMatchObject({ type: "ExecutionFailed", executionFailedEventDetails: { error: failed.error } });
      expect(String((last?.["executionFailedEventDetails"] as { cause?: string }).cause)).toMatch(failed.cause);
      expect((JSON.parse(result.stdout) as { events: unknown[] }).events.length).toBeLessThanOrEqual(25_000);
      expect(result.maxRssMb).toBeLessThan(512);
      // The limit, a second's grace, and the CLI's and the run's start (measured, with slack for a busy machine).
      expect(result.seconds).toBeLessThan(limitSeconds + 1 + 2.5 * baselineSeconds + 10);
    }, 180_000);
  }

  it("times out a Retry whose backoff passes the year an execution may run (States.Timeout), not 'Invalid time value'", async () => {
    const value = {
      StartAt: "T",
      States: {
        T: {
          Type: "Task",
          Resource: "arn:aws:lambda:us-east-1:1:function:f",
          Retry: [
            { ErrorEquals: ["States.ALL"], MaxAttempts: 99_999_999, IntervalSeconds: 99_999_999, BackoffRate: 2 },
          ],
          End: true,
        },
      },
    };
    const result = await run(await definition("backoff", value));
    expect(result.code).toBe(0);
    expect(lastEvent(result.stdout)).toMatchObject({
      type: "ExecutionTimedOut",
      executionTimedOutEventDetails: { error: "States.Timeout" },
    });
  }, 180_000);

  it("refuses a mock Delay out of range as a bad argument naming the mock's path, and flags that are not positive numbers", async () => {
    const file = await definition("delay", {
      StartAt: "T",
      States: { T: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:1:function:f", End: true } },
    });
    const mocks = path.join(work, "mocks.json");
    await writeFile(
      mocks,
      JSON.stringify({
        StateMachines: { delay: { TestCases: { t: { T: "M" } } } },
        MockedResponses: { M: { "0": { Return: 1, Delay: 1e308 } } },
      }),
    );
    const delay = await run(file, "--mock-config", mocks, "--test-case", "t");
    expect(delay.code).toBe(2);
    expect(delay.stderr).toContain("/MockedResponses/M/0/Delay: Delay is at most 31536000000 ms");
    const flag = await run(file, "--max-events=-1");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--max-events must be a positive whole number");
    const big = path.join(work, "big-input.json");
    await writeFile(big, JSON.stringify({ s: "x".repeat(300_000) }));
    const input = await run(file, "--input", `@${big}`);
    expect(input.code).toBe(2);
    expect(input.stderr).toContain("an execution input is at most 262144 bytes");
  }, 180_000);

  it("honours --max-events", async () => {
    const loop = await definition("loop-small", {
      StartAt: "A",
      States: {
        A: { Type: "Pass", Next: "B" },
        B: { Type: "Choice", Choices: [{ Variable: "$.stop", IsPresent: true, Next: "Done" }], Default: "A" },
        Done: { Type: "Succeed" },
      },
    });
    const result = await run(loop, "--max-events", "100");
    const events = (JSON.parse(result.stdout) as { events: { type: string }[] }).events;
    expect(events).toHaveLength(100);
    expect(events.at(-1)?.type).toBe("ExecutionFailed");
  }, 180_000);
});
