import { readdir, readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import { fixture, checkoutBundle, db, dataDir, stepscope, useCliWorld } from "./cli-world";

// `stepscope executions --json`, `export`, the usage, and the data folder a DATABASE_URL leaves untouched.
// Import: ./cli-import.test.ts.

useCliWorld();

interface ListedExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: string;
  readonly stopDate: string | null;
  readonly source: string;
}

const jsonLines = (stdout: string): ListedExecution[] =>
  stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as ListedExecution);

describe("stepscope executions --json", () => {
  beforeAll(async () => {
    const run = await stepscope(
      "import",
      checkoutBundle,
      fixture("bundle.json"),
      fixture("abort.json"),
      fixture("map-failed-iterations.json"),
      // Enough of every kind for the lists below to mean something (they once ran after the import tests).
      fixture("success.json"),
      fixture("timeout.json"),
      fixture("parallel-failure.json"),
      fixture("express.jsonl"),
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  it("prints one JSON object a line for every stored execution, with the contract's fields", async () => {
    const run = await stepscope("executions", "--json");
    expect(run.code).toBe(0);
    const listed = jsonLines(run.stdout);
    const { rows } = await db.pool.query<ListedExecution>(
      `SELECT e.execution_arn AS "executionArn", m.arn AS "stateMachineArn", e.name, e.status::text AS status,
              to_char(e.start_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startDate",
              to_char(e.stop_date AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "stopDate", s.name AS source
         FROM executions e JOIN state_machines m ON m.id = e.state_machine_id JOIN sources s ON s.id = e.source_id`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const pick = (e: ListedExecution) => ({
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: e.startDate,
      stopDate: e.stopDate,
      source: e.source,
    });
    const byArn = (a: ListedExecution, b: ListedExecution) => (a.executionArn < b.executionArn ? -1 : 1);
    expect(listed.map(pick).sort(byArn)).toEqual(rows.sort(byArn));
    expect(listed.find((e) => e.name === "e2e-card-declined-7731")).toMatchObject({
      executionArn: "arn:aws:states:eu-west-1:123456789012:execution:checkout:e2e-card-declined-7731",
      stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:checkout",
      status: "FAILED",
      source: "cli-import",
    });
    // Newest first.
    const starts = listed.map((e) => Date.parse(e.startDate));
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
  });

  it("lists only the executions of a status with --status", async () => {
    const run = await stepscope("executions", "--json", "--status", "FAILED");
    expect(run.code).toBe(0);
    const failed = jsonLines(run.stdout);
    const { rows } = await db.pool.query<{ arn: string }>(
      "SELECT execution_arn AS arn FROM executions WHERE status = 'FAILED' ORDER BY 1",
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(failed.map((e) => e.executionArn).sort()).toEqual(rows.map((r) => r.arn));
  });

  it("lists only one state machine's executions with --state-machine", async () => {
    const run = await stepscope("executions", "--json", "--state-machine", "checkout");
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).map((e) => e.executionArn)).toEqual([
      "arn:aws:states:eu-west-1:123456789012:execution:checkout:e2e-card-declined-7731",
    ]);
  });
});

describe("stepscope export", () => {
  it("prints the stored history as get-execution-history does: the events that went in, in order", async () => {
    const text = await readFile(checkoutBundle, "utf8");
    const raw = JSON.parse(text) as { events: Record<string, unknown>[] };
    const [parsed] = parseHistoryFile(text, { fileName: checkoutBundle });
    if (parsed === undefined) throw new Error("bundle parses to one execution");
    const run = await stepscope("export", parsed.identity.executionArn);
    expect(run.code).toBe(0);
    const exported = JSON.parse(run.stdout) as { events: Record<string, unknown>[] };
    expect(Object.keys(exported)).toEqual(["events"]);
    expect(exported.events).toEqual(parsed.events);
    // Against the file itself: same ids, order and details; timestamps the same instants.
    const instant = (e: Record<string, unknown>) => {
      const t = e["timestamp"];
      return { ...e, timestamp: typeof t === "number" ? Math.round(t * 1000) : Date.parse(String(t)) };
    };
    expect(exported.events.map(instant)).toEqual(raw.events.map(instant));
  });

  it("exits 1 with a message for an ARN nothing is stored under", async () => {
    const arn = "arn:aws:states:eu-west-1:123456789012:execution:checkout:never-ran";
    const run = await stepscope("export", arn);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(arn);
  });
});

describe("stepscope without arguments", () => {
  it("prints the usage and exits 2", async () => {
    const run = await stepscope();
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^usage: stepscope <command>/);
    expect(run.stdout).toContain("import <file>...");
    expect(run.stdout).toContain("export <execution-arn>");
  });
});

describe("stepscope with DATABASE_URL", () => {
  it("used the server DATABASE_URL names and never started an embedded one in its data folder", async () => {
    const created = await readdir(dataDir).catch(() => [] as string[]);
    expect(created).toEqual([]);
  });
});
