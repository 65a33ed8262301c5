import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../db";
import { startHttpReceiver, type HttpReceiver } from "../alerts/receivers";

const repo = path.resolve(__dirname, "../..");
let db: TestDatabase;
let work: string;
let slack: HttpReceiver;

beforeAll(async () => {
  [db, slack] = await Promise.all([createTestDatabase(), startHttpReceiver()]);
  work = await mkdtemp(path.join(tmpdir(), "stepscope-alerts-cli-"));
});
afterAll(async () => {
  await slack.close();
  await db.drop();
  await rm(work, { recursive: true, force: true });
});

function stepscope(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, "bin/stepscope.mjs"), ...args], {
      cwd: repo,
      env: { ...process.env, DATABASE_URL: db.url, STEPSCOPE_DATA_DIR: path.join(work, "data"), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("stepscope alerts evaluate", () => {
  it("applies the rules file, evaluates once and prints what it sent", { timeout: 120_000 }, async () => {
    const built = buildExecutionHistory({
      name: "cli-bad-1",
      stateMachineName: "CliMachine",
      status: "FAILED",
      startDate: new Date(Date.now() - 5 * 60_000).toISOString(),
    });
    const file = path.join(work, "cli-bad-1.json");
    await writeFile(file, JSON.stringify({ events: built.parsed.events }));
    const imported = await stepscope({}, "import", file, "--execution-arn", built.parsed.identity.executionArn);
    expect(imported.code).toBe(0);

    const rules = path.join(work, "alerts.json");
    await writeFile(
      rules,
      JSON.stringify({
        alerts: [{ name: "cli failures", when: { kind: "new-failure-group" }, notify: [{ slack: slack.url }] }],
      }),
    );
    const env = { STEPSCOPE_ALERTS_FILE: rules, STEPSCOPE_PUBLIC_URL: "https://ops.example.com" };
    const first = await stepscope(env, "alerts", "evaluate");
    expect(first.stderr).toContain(`alert rules from ${rules}: created cli failures`);
    expect(first.stdout).toBe(
      [
        "1 rule(s) evaluated; 1 notification(s)",
        "open: [cli failures] States.TaskFailed in Step3 (CliMachine)",
        "  delivered: slack rules file /alerts/0/notify/0/slack: [cli failures] States.TaskFailed in Step3 (CliMachine)",
        "",
      ].join("\n"),
    );
    expect(first.code).toBe(0);
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]!.body).toContain("https://ops.example.com/executions/");

    const second = await stepscope(env, "alerts", "evaluate");
    expect(second.stdout).toBe("1 rule(s) evaluated; 0 notification(s)\n");
    expect(slack.requests).toHaveLength(1);

    await writeFile(rules, '{"alerts": [{"name": "x", "when": {"kind": "monthly-cost"}, "notify": []}]}');
    const bad = await stepscope(env, "alerts", "evaluate");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${rules}: /alerts/0/when/budgetUsd:`);
  });
});
