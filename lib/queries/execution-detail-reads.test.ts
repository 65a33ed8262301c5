import { describe, expect, it } from "vitest";
import { useExecutionListCorpus } from "../../test/builders/execution-list-corpus";
import { executionStatuses } from "./execution-list-params";
import { getExecutionDetail } from "./get-execution-detail";
import { getStatusCounts } from "./get-status-counts";
import { listEventRows } from "./list-event-rows";
import { listStateRunRows } from "./list-state-run-rows";

// What an execution's page reads: its header with the root cause, its events and its state runs.

const corpus = useExecutionListCorpus();

describe("execution detail reads", () => {
  it("getExecutionDetail gives the header with the root cause and its Map iteration scope", async () => {
    const detail = await getExecutionDetail(corpus.db.prisma, corpus.mapExecutionArn);
    expect(detail).toMatchObject({
      executionArn: corpus.mapExecutionArn,
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
    const detail = await getExecutionDetail(corpus.db.prisma, corpus.demoArn);
    expect(detail).toMatchObject({
      executionArn: corpus.demoArn,
      status: "FAILED",
      isDemo: true,
      sourceKind: "DEMO",
      hasDefinition: true,
    });
    expect(detail?.rootCause).not.toBeNull();
  });

  it("getExecutionDetail, listEventRows and listStateRunRows give null for an unknown ARN", async () => {
    const unknown = "arn:aws:states:us-east-1:123456789012:execution:Billing:nope";
    expect(await getExecutionDetail(corpus.db.prisma, unknown)).toBeNull();
    expect(await listEventRows(corpus.db.prisma, unknown)).toBeNull();
    expect(await listStateRunRows(corpus.db.prisma, unknown)).toBeNull();
  });

  it("listEventRows lists every event in order, the error as the gist of failure events and the resource of task events", async () => {
    const rows = await listEventRows(corpus.db.prisma, corpus.mapExecutionArn);
    expect(rows?.map((r) => r.id)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const byId = new Map(rows?.map((r) => [r.id, r]));
    expect(byId.get(19)).toMatchObject({ type: "TaskFailed", previousEventId: 14, gist: "ItemInvalid" });
    expect(byId.get(24)).toMatchObject({ type: "ExecutionFailed", gist: "ItemInvalid" });
    expect(byId.get(10)).toMatchObject({ type: "TaskScheduled", gist: "invoke" });
    expect(byId.get(4)).toMatchObject({ type: "MapIterationStarted", gist: null });
    expect(byId.get(7)).toMatchObject({ type: "TaskStateEntered", stateName: "Process" });
  });

  it("listStateRunRows gives each run of a Map iteration its iteration's scope", async () => {
    const runs = await listStateRunRows(corpus.db.prisma, corpus.mapExecutionArn);
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
    const { rows } = await corpus.db.pool.query<{ status: string; n: number }>(
      "SELECT status::text AS status, count(*)::int AS n FROM executions GROUP BY status",
    );
    const direct = new Map(rows.map((r) => [r.status, r.n]));
    const counts = await getStatusCounts(corpus.db.prisma);
    expect(counts.map((c) => c.status).sort()).toEqual([...executionStatuses].sort());
    expect(counts.map((c) => [c.status, c.count])).toEqual(counts.map((c) => [c.status, direct.get(c.status) ?? 0]));
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(67);
    expect(direct.get("RUNNING")).toBeGreaterThanOrEqual(3);
  });
});
