import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { addExecutionsToFake } from "./fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "./fake-aws-server";

const run = promisify(execFile);
let db: TestDatabase;
let fake: FakeAws;

beforeAll(async () => {
  db = await createTestDatabase();
  fake = await startFakeAws({ enforceQuotas: true });
  addExecutionsToFake(fake.state, [
    // Within the first sync's reach (90 days back from now).
    buildExecutionHistory({
      name: "cli-1",
      tasks: 300,
      stateMachineName: "CliMachine",
      startDate: new Date(Date.now() - 2 * 86_400_000).toISOString(),
    }).parsed,
    buildExecutionHistory({
      name: "cli-2",
      tasks: 3,
      status: "FAILED",
      stateMachineName: "CliMachine",
      startDate: new Date(Date.now() - 86_400_000).toISOString(),
    }).parsed,
  ]);
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});

const cli = (args: string[], accessKey = "AKIDCLI", extraEnv: Record<string, string> = {}) =>
  run("node", ["bin/stepscope.mjs", ...args], {
    env: {
      ...process.env,
      ...extraEnv,
      DATABASE_URL: db.url,
      AWS_ACCESS_KEY_ID: accessKey,
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_PROFILE: "",
      AWS_CONFIG_FILE: "/nonexistent",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe("stepscope sync", () => {
  it("syncs an ad-hoc region and endpoint with credentials from the standard chain", async () => {
    const first = await cli(["sync", "--region", "us-east-1", "--endpoint", fake.url]);
    expect(first.stderr).not.toContain("stepscope:");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/2 executions checked, \d+ events stored/);
    const { rows } = await db.pool.query<{ n: number; events: number }>(
      "SELECT count(*)::int AS n, sum(event_count)::int AS events FROM executions",
    );
    expect(rows[0]).toEqual({ n: 2, events: fake.state.executions.reduce((sum, e) => sum + e.events.length, 0) });
    const again = await cli(["sync", "--source", `aws:us-east-1@${fake.url}`]);
    expect(again.stdout).toContain("0 events stored");
  }, 60_000);

  it("exits 1 naming the refused call when the credentials are bad", async () => {
    const bad = await startFakeAws({ badAccessKeys: ["AKIDBAD"] });
    const result = await cli(["sync", "--region", "eu-west-1", "--endpoint", bad.url], "AKIDBAD");
    await bad.close();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("UnrecognizedClientException");
    expect(result.stdout).toContain("states:ListStateMachines");
  }, 60_000);

  it("syncs a source declared in STEPSCOPE_SOURCES, and stops on a bad one naming the field", async () => {
    const declared = JSON.stringify({
      sources: [
        {
          name: "declared",
          region: "us-east-1",
          endpoint: fake.url,
          settings: { stateMachines: { mode: "prefix", prefix: "Cli" } },
        },
      ],
    });
    const result = await cli(["sync", "--source", "declared"], "AKIDDECLARED", { STEPSCOPE_SOURCES: declared });
    expect(result.stderr).toContain("stepscope sync: sources from STEPSCOPE_SOURCES: added declared");
    expect(result.code).toBe(0);
    // The executions are already stored by the tests above (an ARN is stored once): this source finds them known.
    expect(result.stdout).toMatch(/^declared: \d+ executions checked, 0 events stored/m);
    const { rows } = await db.pool.query<{ kind: string; endpoint: string; last_sync_at: Date | null }>(
      "SELECT kind::text AS kind, endpoint, last_sync_at FROM sources WHERE name = 'declared'",
    );
    expect(rows).toEqual([{ kind: "AWS", endpoint: fake.url, last_sync_at: expect.any(Date) }]);
    const bad = await cli(["sync"], "AKIDDECLARED", {
      STEPSCOPE_SOURCES: JSON.stringify([{ name: "x", region: "us-east-1", endpoint: "not a url" }]),
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("stepscope: STEPSCOPE_SOURCES: /0/endpoint:");
  }, 60_000);
});
