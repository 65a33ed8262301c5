import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { importHistoryText } from "../ingest/import-history-text";
import { getExecutionView, getExecutionViewJson } from "./get-execution-view";
import { getStateRunDetail } from "./get-state-run-detail";

let db: TestDatabase;
let arn: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const text = readFileSync(path.resolve(__dirname, "../../e2e/fixtures/checkout-card-declined.bundle.json"), "utf8");
  const imported = await importHistoryText(db, text, {
    fileName: "checkout-card-declined.bundle.json",
    source: { kind: "UPLOAD", name: "uploads" },
  });
  arn = imported.executions[0]?.executionArn ?? "";
});
afterAll(async () => db?.drop());

describe("getExecutionView", () => {
  it("as JSON text built in Postgres, says exactly what the object does (and null for an unknown execution)", async () => {
    const text = await getExecutionViewJson(db.prisma, arn);
    expect(JSON.parse(text ?? "null")).toEqual(await getExecutionView(db.prisma, arn));
    expect(
      await getExecutionViewJson(db.prisma, "arn:aws:states:us-east-1:123456789012:execution:nope:nope"),
    ).toBeNull();
  });

  it("reads every run with its attempts and the definition in one go", async () => {
    const view = await getExecutionView(db.prisma, arn);
    expect(view?.definition).toContain("ChargeCard");
    const charge = view?.runs.find((r) => r.name === "ChargeCard");
    expect(charge?.status).toBe("FAILED");
    expect(charge?.attempts.map((a) => [a.index, a.status])).toEqual([
      [0, "FAILED"],
      [1, "FAILED"],
      [2, "FAILED"],
    ]);
    expect(charge?.attempts[1]?.backoffMs).toBeGreaterThan(0);
    expect(Number.isInteger(charge?.startMs)).toBe(true);
  });

  it("is null for an unknown execution", async () => {
    expect(await getExecutionView(db.prisma, "arn:aws:states:us-east-1:1:execution:x:y")).toBeNull();
  });
});

describe("getStateRunDetail", () => {
  it("gives a run's payloads, attempts with cause and its own events in order", async () => {
    const view = await getExecutionView(db.prisma, arn);
    const key = view?.runs.find((r) => r.name === "ChargeCard")?.key ?? "";
    const d = await getStateRunDetail(db.prisma, arn, key);
    expect(d?.attempts).toHaveLength(3);
    expect(d?.attempts[2]?.error).toBe("Payment.CardDeclined");
    expect(d?.events[0]?.type).toBe("TaskStateEntered");
    expect(d?.events.filter((e) => e.type === "TaskScheduled")).toHaveLength(3);
    expect(d?.events.map((e) => e.id)).toEqual([...(d?.events.map((e) => e.id) ?? [])].sort((a, b) => a - b));
  });
});
