import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { runExampleExecutions } from "../examples/run-example-executions";
import { deriveHistory } from "../history/derive-history";
import { importHistoryText } from "../ingest/import-history-text";
import { storeExecution } from "@/lib/store/store-execution";
import { encodeExecutionListCursor } from "./execution-list-cursor";
import {
  executionListParamsSchema,
  executionStatuses,
  sortFields,
  type ExecutionListParams,
} from "./execution-list-params";
import type { ExecutionListRow } from "./execution-list-types";
import { getExecutionDetail } from "./get-execution-detail";
import { getStatusCounts } from "./get-status-counts";
import { listEventRows } from "./list-event-rows";
import { listExecutions } from "./list-executions";
import { listStateRunRows } from "./list-state-run-rows";

const NOW = new Date("2025-06-01T12:00:00.000Z");
const hour = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

let db: TestDatabase;
let mapExecutionArn: string;
let demoArn: string;
let diskFullArn: string;

/** A failure whose cause holds the characters LIKE treats as patterns. */
const diskFullEvents = [
  {
    id: 1,
    previousEventId: 0,
    timestamp: ago(5 * hour),
    type: "ExecutionStarted",
    executionStartedEventDetails: { input: "{}", roleArn: "arn:aws:iam::123456789012:role/r" },
  },
  {
    id: 2,
    previousEventId: 1,
    timestamp: ago(5 * hour - 1000),
    type: "ExecutionFailed",
    executionFailedEventDetails: { error: "Disk.Full", cause: "volume 100% used at C:\\tmp\\lib_data" },
  },
];

/** Uploaded executions of one state machine, at known times, two failing with the builder's cause. */
const uploads = [
  { name: "upload-a", startDate: ago(0.5 * hour), status: "SUCCEEDED" },
  { name: "upload-b", startDate: ago(3 * hour), status: "FAILED" },
  { name: "upload-c", startDate: ago(50 * hour), status: "RUNNING" },
  { name: "upload-d", startDate: ago(20 * 24 * hour), status: "FAILED" },
  { name: "upload-e", startDate: ago(40 * 24 * hour), status: "SUCCEEDED" },
] as const;
const arnOfUpload = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:Billing:${name}`;

interface Stored {
  readonly id: bigint;
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: number;
  readonly stopDate: number | null;
  readonly durationMs: number | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly rootCauseState: string | null;
  readonly stateMachine: string;
  readonly source: string;
}

/** Every stored execution, read directly: the oracle the list is checked against. */
async function storedExecutions(): Promise<Stored[]> {
  const { rows } = await db.pool.query<{
    id: string;
    arn: string;
    name: string;
    status: string;
    start_date: Date;
    stop_date: Date | null;
    duration_ms: string | null;
    error: string | null;
    cause: string | null;
    root_cause_state: string | null;
    machine: string;
    source: string;
  }>(
    `SELECT e.id::text AS id, e.execution_arn AS arn, e.name, e.status::text AS status, e.start_date, e.stop_date,
            e.duration_ms::text AS duration_ms, e.error, e.cause, e.root_cause_state, m.name AS machine, s.name AS source
       FROM executions e JOIN state_machines m ON m.id = e.state_machine_id JOIN sources s ON s.id = e.source_id`,
  );
  return rows.map((r) => ({
    id: BigInt(r.id),
    executionArn: r.arn,
    name: r.name,
    status: r.status,
    startDate: r.start_date.getTime(),
    stopDate: r.stop_date?.getTime() ?? null,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    error: r.error,
    cause: r.cause,
    rootCauseState: r.root_cause_state,
    stateMachine: r.machine,
    source: r.source,
  }));
}

const params = (input: Record<string, unknown>): ExecutionListParams =>
  executionListParamsSchema.parse({ pageSize: 500, ...input });
const arns = (rows: readonly { executionArn: string }[]) => rows.map((r) => r.executionArn).sort();

beforeAll(async () => {
  db = await createTestDatabase();
  for (const parsed of await runExampleExecutions({ seed: 4242, count: 60, now: NOW })) {
    await storeExecution(db, parsed, deriveHistory(parsed.events), { kind: "DEMO", name: "demo" });
  }
  for (const u of uploads) {
    const { parsed, derived } = buildExecutionHistory({
      name: u.name,
      stateMachineName: "Billing",
      startDate: u.startDate,
      status: u.status,
      tasks: 3,
      retryEvery: 2,
    });
    await storeExecution(db, parsed, derived, { kind: "UPLOAD", name: "uploads" });
  }
  const mapText = readFileSync(
    path.resolve(__dirname, "../../test/fixtures/histories/map-failed-iterations.json"),
    "utf8",
  );
  const imported = await importHistoryText(db, mapText, {
    fileName: "map-failed-iterations.json",
    source: { kind: "UPLOAD", name: "uploads" },
  });
  mapExecutionArn = imported.executions[0]?.executionArn ?? "";
  const diskFull = await importHistoryText(db, JSON.stringify({ events: diskFullEvents }), {
    fileName: "disk-full.json",
    source: { kind: "UPLOAD", name: "uploads" },
  });
  diskFullArn = diskFull.executions[0]?.executionArn ?? "";
  const { rows } = await db.pool.query<{ arn: string }>(
    "SELECT e.execution_arn AS arn FROM executions e JOIN sources s ON s.id = e.source_id WHERE s.name = 'demo' AND e.status = 'FAILED' ORDER BY e.start_date LIMIT 1",
  );
  demoArn = rows[0]?.arn ?? "";
}, 120_000);

afterAll(async () => {
  await db?.drop();
});

describe("listExecutions filters", () => {
  it("returns every execution, with its fields, when nothing is filtered", async () => {
    const stored = await storedExecutions();
    const page = await listExecutions(db.prisma, params({}), NOW);
    expect(page.total).toBe(stored.length);
    expect(page.total).toBe(67);
    expect(page.hasNext).toBe(false);
    const row = page.rows.find((r) => r.executionArn === arnOfUpload("upload-b"));
    expect(row).toMatchObject({
      name: "upload-b",
      stateMachineName: "Billing",
      stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:Billing",
      status: "FAILED",
      startDate: uploads[1].startDate,
      error: "States.TaskFailed",
      cause: "worker crashed at step 3",
      rootCauseState: "Step3",
      sourceName: "uploads",
      sourceKind: "UPLOAD",
      isDemo: false,
      type: "STANDARD",
    });
  });

  it.each([[["FAILED"]], [["FAILED", "TIMED_OUT"]], [["RUNNING", "ABORTED", "SUCCEEDED"]]] as const)(
    "keeps only the executions whose status is one of %j",
    async (statuses) => {
      const stored = await storedExecutions();
      const want = stored.filter((e) => (statuses as readonly string[]).includes(e.status));
      const page = await listExecutions(db.prisma, params({ status: statuses.join(",") }), NOW);
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(stored.length);
      expect(arns(page.rows)).toEqual(arns(want));
      expect(page.total).toBe(want.length);
    },
  );

  it("keeps only one state machine's executions", async () => {
    const page = await listExecutions(db.prisma, params({ stateMachine: "Billing" }), NOW);
    expect(arns(page.rows)).toEqual(uploads.map((u) => arnOfUpload(u.name)).sort());
  });

  it("keeps only one source's executions", async () => {
    const stored = await storedExecutions();
    const page = await listExecutions(db.prisma, params({ source: "uploads" }), NOW);
    expect(arns(page.rows)).toEqual([...uploads.map((u) => arnOfUpload(u.name)), mapExecutionArn, diskFullArn].sort());
    const demo = await listExecutions(db.prisma, params({ source: "demo" }), NOW);
    expect(arns(demo.rows)).toEqual(arns(stored.filter((e) => e.source === "demo")));
    expect(demo.rows.every((r) => r.isDemo && r.sourceKind === "DEMO")).toBe(true);
  });

  it("keeps a Distributed Map execution's children (parent), and nothing for an unknown parent", async () => {
    const children = [arnOfUpload("upload-a"), arnOfUpload("upload-b")];
    await db.pool.query(
      "UPDATE executions SET parent_execution_id = (SELECT id FROM executions WHERE execution_arn = $1) WHERE execution_arn = ANY($2)",
      [mapExecutionArn, children],
    );
    try {
      const page = await listExecutions(db.prisma, params({ parent: mapExecutionArn }), NOW);
      expect(arns(page.rows)).toEqual([...children].sort());
      expect(page.total).toBe(2);
      expect((await listExecutions(db.prisma, params({ parent: `${mapExecutionArn}-unknown` }), NOW)).rows).toEqual([]);
    } finally {
      await db.pool.query("UPDATE executions SET parent_execution_id = NULL WHERE execution_arn = ANY($1)", [children]);
    }
  });

  it("combines filters: a status within a state machine", async () => {
    const page = await listExecutions(db.prisma, params({ stateMachine: "Billing", status: "FAILED" }), NOW);
    expect(arns(page.rows)).toEqual([arnOfUpload("upload-b"), arnOfUpload("upload-d")]);
  });

  it("finds text in the cause whatever its case", async () => {
    const page = await listExecutions(db.prisma, params({ q: "WORKER Crashed AT step 3" }), NOW);
    expect(arns(page.rows)).toEqual([arnOfUpload("upload-b"), arnOfUpload("upload-d")]);
  });

  it("finds text in the error whatever its case", async () => {
    const stored = await storedExecutions();
    const want = stored.filter((e) =>
      [e.error, e.cause, e.rootCauseState].some((t) => t?.toLowerCase().includes("iteminvalid")),
    );
    const page = await listExecutions(db.prisma, params({ q: "iteminvalid" }), NOW);
    expect(arns(page.rows)).toContain(mapExecutionArn);
    expect(arns(page.rows)).toEqual(arns(want));
  });

  it.each(["%", "_", "\\", "100%", "C:\\TMP"])("treats %j in the text as itself, not as a pattern", async (q) => {
    const stored = await storedExecutions();
    const want = stored.filter((e) =>
      [e.error, e.cause, e.rootCauseState].some((t) => t?.toLowerCase().includes(q.toLowerCase())),
    );
    const page = await listExecutions(db.prisma, params({ q }), NOW);
    expect(arns(page.rows)).toContain(diskFullArn);
    expect(arns(page.rows)).toEqual(arns(want));
  });

  it("keeps a relative time range measured back from the given now, not the wall clock", async () => {
    const stored = await storedExecutions();
    const day = await listExecutions(db.prisma, params({ range: "24h" }), NOW);
    const want = stored.filter((e) => e.startDate >= NOW.getTime() - 24 * hour);
    expect(arns(day.rows)).toContain(arnOfUpload("upload-a"));
    expect(arns(day.rows)).toContain(arnOfUpload("upload-b"));
    expect(arns(day.rows)).not.toContain(arnOfUpload("upload-c"));
    expect(arns(day.rows)).toEqual(arns(want));
    const month = await listExecutions(db.prisma, params({ range: "30d" }), NOW);
    expect(arns(month.rows)).toContain(arnOfUpload("upload-d"));
    expect(arns(month.rows)).not.toContain(arnOfUpload("upload-e"));
  });

  it("keeps an absolute from/to window, from inclusive and to exclusive", async () => {
    const page = await listExecutions(
      db.prisma,
      params({ stateMachine: "Billing", from: uploads[2].startDate, to: uploads[1].startDate }),
      NOW,
    );
    expect(arns(page.rows)).toEqual([arnOfUpload("upload-c")]);
  });
});

type SortKey = string | number | null;

/** The value a sort field orders by, read from the oracle row (status in its enum's declared order). */
function sortKey(field: (typeof sortFields)[number], e: Stored): SortKey {
  switch (field) {
    case "startDate":
      return e.startDate;
    case "stopDate":
      return e.stopDate;
    case "duration":
      return e.durationMs;
    case "name":
      return e.name;
    case "status":
      return executionStatuses.indexOf(e.status as (typeof executionStatuses)[number]);
    case "stateMachine":
      return e.stateMachine;
    default: {
      const never: never = field;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

const cases = () => sortFields.flatMap((field) => (["asc", "desc"] as const).map((order) => [field, order] as const));

describe("listExecutions sort", () => {
  it.each(cases())("orders by %s %s, nulls last, ties by id the same way", async (field, order) => {
    const stored = new Map((await storedExecutions()).map((e) => [e.executionArn, e]));
    const page = await listExecutions(db.prisma, params({ sort: field, order }), NOW);
    expect(page.rows).toHaveLength(stored.size);
    const keyed = page.rows.map((r: ExecutionListRow) => {
      const e = stored.get(r.executionArn);
      if (e === undefined) throw new Error(`${r.executionArn} is not stored`);
      return { key: sortKey(field, e), id: e.id };
    });
    expect(new Set(keyed.map((k) => k.key)).size).toBeGreaterThan(2);
    const sign = order === "asc" ? 1 : -1;
    for (let i = 1; i < keyed.length; i++) {
      const a = keyed[i - 1];
      const b = keyed[i];
      if (a === undefined || b === undefined) continue;
      const at = `rows ${i - 1} and ${i}`;
      if (a.key === null) {
        expect(b.key, `${at}: nulls come last`).toBeNull();
      } else if (b.key !== null && a.key !== b.key) {
        expect(a.key < b.key ? sign : -sign, `${at}: ${String(a.key)} before ${String(b.key)}`).toBe(1);
      } else if (b.key !== null) {
        expect(a.id < b.id ? sign : -sign, `${at}: ties ordered by id`).toBe(1);
      }
    }
  });
});

describe("listExecutions paging", () => {
  it("continues page 1 on page 2 without overlap, says when there is a next page and counts the total", async () => {
    const all = await listExecutions(db.prisma, params({}), NOW);
    const p1 = await listExecutions(db.prisma, params({ pageSize: 7, page: 1 }), NOW);
    const p2 = await listExecutions(db.prisma, params({ pageSize: 7, page: 2 }), NOW);
    expect(p1.rows).toHaveLength(7);
    expect(p2.rows).toHaveLength(7);
    expect([...p1.rows, ...p2.rows].map((r) => r.executionArn)).toEqual(
      all.rows.slice(0, 14).map((r) => r.executionArn),
    );
    expect(p1.hasNext).toBe(true);
    expect(p1.total).toBe(all.rows.length);
    expect(p1.totalIsLowerBound).toBe(false);
    const lastPage = Math.ceil(all.rows.length / 7);
    const last = await listExecutions(db.prisma, params({ pageSize: 7, page: lastPage }), NOW);
    expect(last.rows.map((r) => r.executionArn)).toEqual(all.rows.slice((lastPage - 1) * 7).map((r) => r.executionArn));
    expect(last.hasNext).toBe(false);
  });

  it.each(cases())(
    "pages by cursor through the list sorted by %s %s: the same rows as one long page, forwards and back",
    async (sort, order) => {
      const all = (await listExecutions(db.prisma, params({ sort, order }), NOW)).rows.map((r) => r.executionArn);
      const forward: string[][] = [];
      let page = await listExecutions(db.prisma, params({ sort, order, pageSize: 9 }), NOW);
      forward.push(page.rows.map((r) => r.executionArn));
      expect(page.prevCursor).toBeNull();
      while (page.nextCursor) {
        page = await listExecutions(
          db.prisma,
          params({ sort, order, pageSize: 9, page: page.page + 1, after: page.nextCursor }),
          NOW,
        );
        forward.push(page.rows.map((r) => r.executionArn));
      }
      expect(page.hasNext).toBe(false);
      expect(forward.flat()).toEqual(all);
      const back: string[][] = [forward.at(-1) ?? []];
      while (page.prevCursor) {
        page = await listExecutions(
          db.prisma,
          params({ sort, order, pageSize: 9, page: page.page - 1, before: page.prevCursor }),
          NOW,
        );
        back.unshift(page.rows.map((r) => r.executionArn));
      }
      expect(back).toEqual(forward);
    },
  );

  it("refuses a cursor of another sort, or one it did not make, naming the parameter", () => {
    const made = encodeExecutionListCursor({ sort: "name", value: "x", id: "1" });
    const issues = (input: Record<string, unknown>) => {
      const r = executionListParamsSchema.safeParse(input);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ sort: "duration", after: made })).toEqual([
      "after: a cursor of the list sorted by name, but sort is duration",
    ]);
    expect(issues({ before: "not-a-cursor" })).toEqual([
      "before: not a cursor this list produced (not base64url JSON)",
    ]);
    expect(issues({ sort: "name", after: made, before: made })).toEqual(["before: give after or before, not both"]);
    expect(issues({ sort: "name", after: made })).toEqual([]);
  });

  it("counts a text search exactly on a small table, and says the count is not an estimate", async () => {
    const stored = await storedExecutions();
    const want = stored.filter((e) =>
      [e.error, e.cause, e.rootCauseState].some((t) => t?.toLowerCase().includes("crashed")),
    );
    const page = await listExecutions(db.prisma, params({ q: "crashed", pageSize: 1 }), NOW);
    expect(want.length).toBeGreaterThan(1);
    expect(page).toMatchObject({ total: want.length, totalIsEstimate: false, totalIsLowerBound: false, hasNext: true });
  });

  it("pages a filtered list by the filtered total", async () => {
    const p1 = await listExecutions(db.prisma, params({ stateMachine: "Billing", pageSize: 3, page: 1 }), NOW);
    const p2 = await listExecutions(db.prisma, params({ stateMachine: "Billing", pageSize: 3, page: 2 }), NOW);
    expect(p1).toMatchObject({ total: 5, hasNext: true });
    expect(p2).toMatchObject({ total: 5, hasNext: false });
    expect(p2.rows.map((r) => r.name)).toEqual(["upload-d", "upload-e"]);
  });
});

describe("execution detail reads", () => {
  it("getExecutionDetail gives the header with the root cause and its Map iteration scope", async () => {
    const detail = await getExecutionDetail(db.prisma, mapExecutionArn);
    expect(detail).toMatchObject({
      executionArn: mapExecutionArn,
      status: "FAILED",
      error: "ItemInvalid",
      eventCount: 24,
      sourceName: "uploads",
      isDemo: false,
      hasDefinition: false,
      historyComplete: true,
      rootCause: {
        stateName: "Process",
        error: "ItemInvalid",
        cause: "item 2 is invalid",
        eventId: 19,
        scope: [{ kind: "map-iteration", state: "ForEachItem", index: 1 }],
      },
    });
  });

  it("getExecutionDetail of a demo execution says it is demo data with a definition", async () => {
    const detail = await getExecutionDetail(db.prisma, demoArn);
    expect(detail).toMatchObject({
      executionArn: demoArn,
      status: "FAILED",
      isDemo: true,
      sourceKind: "DEMO",
      hasDefinition: true,
    });
    expect(detail?.rootCause).not.toBeNull();
  });

  it("getExecutionDetail, listEventRows and listStateRunRows give null for an unknown ARN", async () => {
    const unknown = "arn:aws:states:us-east-1:123456789012:execution:Billing:nope";
    expect(await getExecutionDetail(db.prisma, unknown)).toBeNull();
    expect(await listEventRows(db.prisma, unknown)).toBeNull();
    expect(await listStateRunRows(db.prisma, unknown)).toBeNull();
  });

  it("listEventRows lists every event in order, the error as the gist of failure events and the resource of task events", async () => {
    const rows = await listEventRows(db.prisma, mapExecutionArn);
    expect(rows?.map((r) => r.id)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const byId = new Map(rows?.map((r) => [r.id, r]));
    expect(byId.get(19)).toMatchObject({ type: "TaskFailed", previousEventId: 14, gist: "ItemInvalid" });
    expect(byId.get(24)).toMatchObject({ type: "ExecutionFailed", gist: "ItemInvalid" });
    expect(byId.get(10)).toMatchObject({ type: "TaskScheduled", gist: "invoke" });
    expect(byId.get(4)).toMatchObject({ type: "MapIterationStarted", gist: null });
    expect(byId.get(7)).toMatchObject({ type: "TaskStateEntered", stateName: "Process" });
  });

  it("listStateRunRows gives each run of a Map iteration its iteration's scope", async () => {
    const runs = await listStateRunRows(db.prisma, mapExecutionArn);
    expect(runs?.map((r) => [r.key, r.status, r.scope, r.error])).toEqual([
      ["ForEachItem#0", "FAILED", [], null],
      ["ForEachItem#0/i0/Process#0", "SUCCEEDED", [{ kind: "map-iteration", state: "ForEachItem", index: 0 }], null],
      [
        "ForEachItem#0/i1/Process#0",
        "FAILED",
        [{ kind: "map-iteration", state: "ForEachItem", index: 1 }],
        "ItemInvalid",
      ],
      ["ForEachItem#0/i2/Process#0", "ABORTED", [{ kind: "map-iteration", state: "ForEachItem", index: 2 }], null],
    ]);
  });
});

describe("getStatusCounts", () => {
  it("agrees with a direct count of executions by status", async () => {
    const { rows } = await db.pool.query<{ status: string; n: number }>(
      "SELECT status::text AS status, count(*)::int AS n FROM executions GROUP BY status",
    );
    const direct = new Map(rows.map((r) => [r.status, r.n]));
    const counts = await getStatusCounts(db.prisma);
    expect(counts.map((c) => c.status).sort()).toEqual([...executionStatuses].sort());
    expect(counts.map((c) => [c.status, c.count])).toEqual(counts.map((c) => [c.status, direct.get(c.status) ?? 0]));
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(67);
    expect(direct.get("RUNNING")).toBeGreaterThanOrEqual(3);
  });
});
