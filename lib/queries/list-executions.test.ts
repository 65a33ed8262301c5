import { describe, expect, it } from "vitest";
import {
  NOW,
  arnOfUpload,
  arns,
  hour,
  params,
  storedExecutions,
  uploads,
  useExecutionListCorpus,
} from "../../test/builders/execution-list-corpus";
import { listExecutions } from "./list-executions";

// The executions list's filters, checked against every stored execution read directly.
// Sort and paging: ./list-executions-order.test.ts.

const corpus = useExecutionListCorpus();

describe("listExecutions filters", () => {
  it("returns every execution, with its fields, when nothing is filtered", async () => {
    const stored = await storedExecutions(corpus.db);
    const page = await listExecutions(corpus.db.prisma, params({}), NOW);
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
      const stored = await storedExecutions(corpus.db);
      const want = stored.filter((e) => (statuses as readonly string[]).includes(e.status));
      const page = await listExecutions(corpus.db.prisma, params({ status: statuses.join(",") }), NOW);
      expect(want.length).toBeGreaterThan(0);
      expect(want.length).toBeLessThan(stored.length);
      expect(arns(page.rows)).toEqual(arns(want));
      expect(page.total).toBe(want.length);
    },
  );

  it("keeps only one state machine's executions", async () => {
    const page = await listExecutions(corpus.db.prisma, params({ stateMachine: "Billing" }), NOW);
    expect(arns(page.rows)).toEqual(uploads.map((u) => arnOfUpload(u.name)).sort());
  });

  it("keeps only one source's executions", async () => {
    const stored = await storedExecutions(corpus.db);
    const page = await listExecutions(corpus.db.prisma, params({ source: "uploads" }), NOW);
    expect(arns(page.rows)).toEqual(
      [...uploads.map((u) => arnOfUpload(u.name)), corpus.mapExecutionArn, corpus.diskFullArn].sort(),
    );
    const demo = await listExecutions(corpus.db.prisma, params({ source: "demo" }), NOW);
    expect(arns(demo.rows)).toEqual(arns(stored.filter((e) => e.source === "demo")));
    expect(demo.rows.every((r) => r.isDemo && r.sourceKind === "DEMO")).toBe(true);
  });

  it("keeps a Distributed Map execution's children (parent), and nothing for an unknown parent", async () => {
    const children = [arnOfUpload("upload-a"), arnOfUpload("upload-b")];
    await corpus.db.pool.query(
      "UPDATE executions SET parent_execution_id = (SELECT id FROM executions WHERE execution_arn = $1) WHERE execution_arn = ANY($2)",
      [corpus.mapExecutionArn, children],
    );
    try {
      const page = await listExecutions(corpus.db.prisma, params({ parent: corpus.mapExecutionArn }), NOW);
      expect(arns(page.rows)).toEqual([...children].sort());
      expect(page.total).toBe(2);
      expect(
        (await listExecutions(corpus.db.prisma, params({ parent: `${corpus.mapExecutionArn}-unknown` }), NOW)).rows,
      ).toEqual([]);
    } finally {
      await corpus.db.pool.query("UPDATE executions SET parent_execution_id = NULL WHERE execution_arn = ANY($1)", [
        children,
      ]);
    }
  });

  it("combines filters: a status within a state machine", async () => {
    const page = await listExecutions(corpus.db.prisma, params({ stateMachine: "Billing", status: "FAILED" }), NOW);
    expect(arns(page.rows)).toEqual([arnOfUpload("upload-b"), arnOfUpload("upload-d")]);
  });

  it("finds text in the cause whatever its case", async () => {
    const page = await listExecutions(corpus.db.prisma, params({ q: "WORKER Crashed AT step 3" }), NOW);
    expect(arns(page.rows)).toEqual([arnOfUpload("upload-b"), arnOfUpload("upload-d")]);
  });

  it("finds text in the error whatever its case", async () => {
    const stored = await storedExecutions(corpus.db);
    const want = stored.filter((e) =>
      [e.error, e.cause, e.rootCauseState].some((t) => t?.toLowerCase().includes("iteminvalid")),
    );
    const page = await listExecutions(corpus.db.prisma, params({ q: "iteminvalid" }), NOW);
    expect(arns(page.rows)).toContain(corpus.mapExecutionArn);
    expect(arns(page.rows)).toEqual(arns(want));
  });

  it.each(["%", "_", "\\", "100%", "C:\\TMP"])("treats %j in the text as itself, not as a pattern", async (q) => {
    const stored = await storedExecutions(corpus.db);
    const want = stored.filter((e) =>
      [e.error, e.cause, e.rootCauseState].some((t) => t?.toLowerCase().includes(q.toLowerCase())),
    );
    const page = await listExecutions(corpus.db.prisma, params({ q }), NOW);
    expect(arns(page.rows)).toContain(corpus.diskFullArn);
    expect(arns(page.rows)).toEqual(arns(want));
  });

  it("keeps a relative time range measured back from the given now, not the wall clock", async () => {
    const stored = await storedExecutions(corpus.db);
    const day = await listExecutions(corpus.db.prisma, params({ range: "24h" }), NOW);
    const want = stored.filter((e) => e.startDate >= NOW.getTime() - 24 * hour);
    expect(arns(day.rows)).toContain(arnOfUpload("upload-a"));
    expect(arns(day.rows)).toContain(arnOfUpload("upload-b"));
    expect(arns(day.rows)).not.toContain(arnOfUpload("upload-c"));
    expect(arns(day.rows)).toEqual(arns(want));
    const month = await listExecutions(corpus.db.prisma, params({ range: "30d" }), NOW);
    expect(arns(month.rows)).toContain(arnOfUpload("upload-d"));
    expect(arns(month.rows)).not.toContain(arnOfUpload("upload-e"));
  });

  it("keeps an absolute from/to window, from inclusive and to exclusive", async () => {
    const page = await listExecutions(
      corpus.db.prisma,
      params({ stateMachine: "Billing", from: uploads[2].startDate, to: uploads[1].startDate }),
      NOW,
    );
    expect(arns(page.rows)).toEqual([arnOfUpload("upload-c")]);
  });
});
