import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareReplay } from "@/lib/execution-view/compare-replay";
import type { HistoryEvent } from "@/lib/history/types";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { createTestDatabase, type TestDatabase } from "@/test/db";

// `stepscope test` on stored executions (by ARN and by --query), and `stepscope export --mock-config`
// round-tripped through `stepscope run`, against a database of its own.
const run = promisify(execFile);
const repo = path.resolve(__dirname, "../..");
const dir = path.join(repo, "test/fixtures/regression");
const largeArn = "arn:aws:states:eu-west-1:123456789012:execution:checkout:order-large";
let db: TestDatabase;
let tmp: string;

beforeAll(async () => {
  db = await createTestDatabase();
  tmp = await mkdtemp(path.join(os.tmpdir(), "stepscope-regression-"));
  const source = { kind: "UPLOAD" as const, name: "regression-cli" };
  await importHistoryText(db, await readFile(path.join(dir, "recorded/order-large.bundle.json")), {
    fileName: "order-large.bundle.json",
    source,
  });
  await importHistoryText(db, await readFile(path.join(dir, "recorded/order-small.json")), {
    fileName: "order-small.json",
    executionArn: "arn:aws:states:eu-west-1:123456789012:execution:checkout:order-small",
    source,
  });
});
afterAll(async () => {
  await db.drop();
  await rm(tmp, { recursive: true, force: true });
});

const cli = (args: string[]) =>
  run(process.execPath, [path.join(repo, "bin/stepscope.mjs"), ...args], {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: db.url, STEPSCOPE_OTLP_ENDPOINT: "" },
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe("stepscope export --mock-config", () => {
  it(
    "prints mocks that make stepscope run take the recorded path to the recorded output",
    { timeout: 120_000 },
    async () => {
      const exported = await cli(["export", largeArn, "--mock-config"]);
      expect(exported.stderr).toBe("");
      expect(exported.code).toBe(0);
      const config = JSON.parse(exported.stdout) as {
        StateMachines: Record<string, { TestCases: Record<string, unknown> }>;
      };
      // Charge was busy once, then charged: two successive responses.
      expect(config).toMatchObject({
        StateMachines: { checkout: { TestCases: { "order-large": { Charge: "order-large.Charge" } } } },
        MockedResponses: {
          "order-large.Charge": {
            "0": { Throw: { Error: "Busy", Cause: "processor busy" } },
            "1": { Return: { StatusCode: 200, Payload: { chargeId: "ch_large" } } },
          },
        },
      });
      const file = path.join(tmp, "MockConfigFile.json");
      await writeFile(file, exported.stdout);
      const bundle = JSON.parse(await readFile(path.join(dir, "recorded/order-large.bundle.json"), "utf8")) as {
        execution: { input: string };
        events: HistoryEvent[];
      };
      const ran = await cli([
        "run",
        path.join(dir, "checkout.asl.json"),
        "--mock-config",
        file,
        "--test-case",
        "order-large",
        "--input",
        bundle.execution.input,
      ]);
      expect(ran.code).toBe(0);
      const { events } = JSON.parse(ran.stdout) as { events: HistoryEvent[] };
      const comparison = compareReplay(bundle.events, events);
      expect(comparison.changed).toBe(false);
      expect(events.map((e) => e.type)).toEqual(bundle.events.map((e) => e.type));
    },
  );

  it("exits 1 naming an ARN nothing is stored under", { timeout: 60_000 }, async () => {
    const out = await cli(["export", `${largeArn}-gone`, "--mock-config"]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`no stored execution has the ARN ${largeArn}-gone`);
  });
});

describe("stepscope test on stored executions", () => {
  it("replays what --query selects and exits 1 when one changed", { timeout: 120_000 }, async () => {
    const out = await cli([
      "test",
      path.join(dir, "checkout.choice-changed.asl.json"),
      "--query",
      'stateMachine = "checkout"',
    ]);
    expect(out.code).toBe(1);
    expect(out.stdout.trimEnd().split("\n").sort()).toEqual([
      'changed    order-large  path diverges at step 3: AutoApprove SUCCEEDED instead of ManualReview SUCCEEDED; outcomes: ManualReview SUCCEEDED → not run, AutoApprove not run → SUCCEEDED; output: /approval/approvedBy "alice" → "rule"',
      "unchanged  order-small  SUCCEEDED, 5 states: same path, outcomes and output",
    ]);
  });

  it(
    "replays an execution named by its ARN, and refuses an unknown ARN with exit 2",
    { timeout: 120_000 },
    async () => {
      const ok = await cli(["test", path.join(dir, "checkout.asl.json"), largeArn]);
      expect(ok.stdout).toBe("unchanged  order-large  SUCCEEDED, 5 states: same path, outcomes and output\n");
      expect(ok.code).toBe(0);
      const unknown = await cli(["test", path.join(dir, "checkout.asl.json"), `${largeArn}-gone`]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(`test: no stored execution has the ARN ${largeArn}-gone`);
    },
  );
});
