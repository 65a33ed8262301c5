import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import { createTestDatabase, type TestDatabase } from "../db";

const repo = path.resolve(__dirname, "../..");
const fixture = (name: string) => path.join(repo, "test/fixtures/histories", name);
const checkoutBundle = path.join(repo, "e2e/fixtures/checkout-card-declined.bundle.json");

let db: TestDatabase;
let work: string;
let dataDir: string;

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/stepscope.mjs …` as a user would, against the test database only. */
function stepscope(...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, "bin/stepscope.mjs"), ...args], {
      cwd: repo,
      // A fresh data folder: the CLI must use DATABASE_URL and never start an embedded server there.
      env: { ...process.env, DATABASE_URL: db.url, STEPSCOPE_DATA_DIR: dataDir },
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

async function counts(): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ executions: number; events: number; sources: number; machines: number }>(
    `SELECT (SELECT count(*)::int FROM executions) AS executions, (SELECT count(*)::int FROM history_events) AS events,
            (SELECT count(*)::int FROM sources) AS sources, (SELECT count(*)::int FROM state_machines) AS machines`,
  );
  return { ...rows[0] };
}

async function storedEvents(executionArn: string): Promise<number | undefined> {
  const { rows } = await db.pool.query<{ n: number }>(
    "SELECT event_count AS n FROM executions WHERE execution_arn = $1",
    [executionArn],
  );
  return rows[0]?.n;
}

const arnOf = async (file: string): Promise<string> => {
  const [parsed] = parseHistoryFile(await readFile(file, "utf8"), { fileName: file });
  if (parsed === undefined) throw new Error(`${file}: no execution`);
  return parsed.identity.executionArn;
};

/** `success.json`'s events as the AWS CLI printed them, to break one at a time. */
async function successEvents(): Promise<Record<string, unknown>[]> {
  const raw = JSON.parse(await readFile(fixture("success.json"), "utf8")) as { events: Record<string, unknown>[] };
  return raw.events;
}

beforeAll(async () => {
  db = await createTestDatabase();
  work = await mkdtemp(path.join(tmpdir(), "stepscope-cli-"));
  dataDir = path.join(work, "data");
});

afterAll(async () => {
  await db?.drop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe("stepscope import", () => {
  it("stores a get-execution-history file, prints `stored <arn>` and exits 0", async () => {
    const file = fixture("success.json");
    const arn = await arnOf(file);
    const run = await stepscope("import", file);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`stored ${arn} (SUCCEEDED, 11 events) from ${file}\n`);
    expect(await storedEvents(arn)).toBe(11);
  });

  it("exits 0 and says `already stored` when the same file comes again, changing nothing", async () => {
    const file = fixture("success.json");
    const arn = await arnOf(file);
    const before = await counts();
    const run = await stepscope("import", file);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`already stored ${arn} from ${file}\n`);
    expect(await counts()).toEqual(before);
  });

  const malformed: readonly (readonly [
    what: string,
    name: string,
    text: () => Promise<string> | string,
    place: string,
  ])[] = [
    [
      "a file that is not JSON",
      "bad-json.json",
      () => '{"events": [\n  {"id": 1,, "type": "ExecutionStarted"}\n]}\n',
      ": line 2, column 12: not valid JSON",
    ],
    [
      "an event whose id repeats an earlier one",
      "duplicate-id.json",
      async () => {
        const events = await successEvents();
        events[3] = { ...events[3], id: 3 };
        return JSON.stringify({ events });
      },
      ": event 3 (/events/3/id): duplicate event id 3",
    ],
    [
      "a previousEventId that points at no earlier event",
      "dangling-previous.json",
      async () => {
        const events = await successEvents();
        events[5] = { ...events[5], previousEventId: 99 };
        return JSON.stringify({ events });
      },
      ": event 6 (/events/5/previousEventId): previousEventId 99 is not the id of an earlier event",
    ],
    ["an empty file", "empty.json", () => "", ": empty file"],
  ];

  it.each(malformed)(
    "refuses %s with exit 1, naming the file and the place, and stores nothing",
    async (_what, name, text, place) => {
      const file = path.join(work, name);
      await writeFile(file, await text());
      const before = await counts();
      const run = await stepscope("import", file);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`refused ${file}${place}`);
      expect(await counts()).toEqual(before);
    },
  );

  it("refuses a file that does not exist with exit 1 and its name", async () => {
    const file = path.join(work, "no-such-history.json");
    const before = await counts();
    const run = await stepscope("import", file);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`refused ${file}: no such file`);
    expect(await counts()).toEqual(before);
  });

  it("stores the good files and exits 1 when one of several is refused", async () => {
    const bad = path.join(work, "mixed-bad.json");
    await writeFile(bad, '{"events": []}');
    const good = [fixture("timeout.json"), fixture("parallel-failure.json")];
    const arns = await Promise.all(good.map(arnOf));
    const run = await stepscope("import", good[0] ?? "", bad, good[1] ?? "");
    expect(run.code).toBe(1);
    expect(run.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^stored ${arns[0]} \\(TIMED_OUT, 5 events\\)`)),
      expect.stringMatching(new RegExp(`^stored ${arns[1]} \\(FAILED, 15 events\\)`)),
    ]);
    expect(run.stderr).toContain(`refused ${bad}: (/events): no events`);
    expect(await storedEvents(arns[0] ?? "")).toBe(5);
    expect(await storedEvents(arns[1] ?? "")).toBe(15);
  });

  it("stores one execution per execution_arn of Express JSON Lines", async () => {
    const file = fixture("express.jsonl");
    const text = await readFile(file, "utf8");
    const records = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { execution_arn: string });
    const perArn = new Map<string, number>();
    for (const r of records) perArn.set(r.execution_arn, (perArn.get(r.execution_arn) ?? 0) + 1);
    expect(perArn.size).toBe(2);

    const run = await stepscope("import", file);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n").sort()).toEqual(
      [...perArn].map(([arn, n]) =>
        expect.stringMatching(new RegExp(`^stored ${arn} \\((SUCCEEDED|FAILED), ${n} events\\)`)),
      ),
    );
    const { rows } = await db.pool.query<{ execution_arn: string; event_count: number; type: string }>(
      "SELECT execution_arn, event_count, type::text AS type FROM executions WHERE execution_arn = ANY($1) ORDER BY execution_arn",
      [[...perArn.keys()]],
    );
    expect(rows).toEqual(
      [...perArn]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([arn, n]) => ({ execution_arn: arn, event_count: n, type: "EXPRESS" })),
    );
  });
});

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
