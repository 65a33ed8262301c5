import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { buildRedrivenHistory } from "../../test/builders/redriven-history";
import { importHistoryText } from "../ingest/import-history-text";
import { getExecutionNodeRuns } from "./get-execution-node-runs";
import { getExecutionOverlay } from "./get-execution-overlay";
import { getExecutionView, getExecutionViewJson } from "./get-execution-view";
import { listStateRunRows } from "./list-state-run-rows";

const smArn = "arn:aws:states:us-east-1:123456789012:stateMachine:redriven-orders";
const arn = "arn:aws:states:us-east-1:123456789012:execution:redriven-orders:r-1";
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  const definition = {
    StartAt: "Prepare",
    States: {
      Prepare: { Type: "Pass", Next: "Charge" },
      Charge: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:charge", End: true },
    },
  };
  const bundle = {
    execution: { executionArn: arn, stateMachineArn: smArn, name: "r-1", status: "SUCCEEDED", redriveCount: 1 },
    stateMachine: {
      stateMachineArn: smArn,
      name: "redriven-orders",
      type: "STANDARD",
      definition: JSON.stringify(definition),
    },
    events: buildRedrivenHistory({ firstRunEnd: "ABORTED" }),
  };
  await importHistoryText(db, JSON.stringify(bundle), {
    fileName: "redriven.bundle.json",
    source: { kind: "UPLOAD", name: "uploads" },
  });
});
afterAll(async () => db?.drop());

describe("the execution page's reads of a redriven execution", () => {
  it("carry its attempts, in the object and in the JSON Postgres builds alike", async () => {
    const view = await getExecutionView(db.prisma, arn);
    expect(view?.attempts.map((a) => [a.index, a.status, a.error])).toEqual([
      [0, "ABORTED", "Ops.Stop"],
      [1, "SUCCEEDED", null],
    ]);
    expect(JSON.parse((await getExecutionViewJson(db.prisma, arn)) ?? "null")).toEqual(view);
  });

  it("colour the graph by the latest attempt and list a node's latest run first", async () => {
    const overlay = await getExecutionOverlay(db.prisma, arn, new Map());
    expect(new Map(overlay?.nodes).get("Charge")).toEqual({
      status: "succeeded",
      runCount: 1,
      retries: 0,
      redrive: 1,
      earlier: "aborted",
    });
    expect(await getExecutionNodeRuns(db.prisma, arn, "Charge")).toEqual(["Charge#1", "Charge#0"]);
  });

  it("list the states table's runs by attempt, the latest first", async () => {
    const rows = await listStateRunRows(db.prisma, arn);
    expect(rows?.map((r) => [r.redrive, r.name, r.status])).toEqual([
      [1, "Charge", "SUCCEEDED"],
      [0, "Prepare", "SUCCEEDED"],
      [0, "Charge", "ABORTED"],
    ]);
  });
});
