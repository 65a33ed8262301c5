import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { createTestDatabase, type TestDatabase } from "../db";

// GET /api/executions/export: what the response says it is, a body streamed to its end, and the list's 422.

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let db: TestDatabase;
let exportGet: Handler;
let arn = "";

beforeAll(async () => {
  db = await createTestDatabase();
  process.env["DATABASE_URL"] = db.url;
  process.env["STEPSCOPE_ANONYMOUS_ROLE"] = "viewer";
  const text = readFileSync(path.resolve(__dirname, "../../e2e/fixtures/checkout-card-declined.bundle.json"), "utf8");
  const imported = await importHistoryText(db, text, {
    fileName: "checkout-card-declined.bundle.json",
    source: { kind: "UPLOAD", name: "uploads" },
  });
  arn = imported.executions[0]?.executionArn ?? "";
  exportGet = ((await import("@/app/api/executions/export/route")) as { GET: Handler }).GET;
});
afterAll(async () => db?.drop());

const get = (query: string) =>
  exportGet(
    new NextRequest(`http://127.0.0.1:3000/api/executions/export${query}`, { headers: { host: "127.0.0.1:3000" } }),
    { params: Promise.resolve({}) },
  );

describe("GET /api/executions/export", () => {
  it("answers CSV by default, as an attachment, with the selected execution", async () => {
    const res = await get(`?q=${encodeURIComponent('status = "FAILED"')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="executions-[\w-]+\.csv"$/);
    const records = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r["executionArn"], r["status"]])).toEqual([[arn, "FAILED"]]);
  });

  it("answers JSON Lines, and nothing but the header's line for a query that selects none", async () => {
    const jsonl = await get("?format=jsonl");
    expect(jsonl.headers.get("content-type")).toBe("application/jsonl; charset=utf-8");
    expect(
      (await jsonl.text())
        .trimEnd()
        .split("\n")
        .map((l) => (JSON.parse(l) as { executionArn: string }).executionArn),
    ).toEqual([arn]);
    const none = await get(`?q=${encodeURIComponent('status = "SUCCEEDED"')}`);
    expect((await none.text()).split("\r\n")).toEqual([expect.stringMatching(/^executionArn,name,/) as unknown, ""]);
  });

  it("refuses a wrong query or format with 422 before any byte, naming the query's column", async () => {
    const res = await get(`?q=${encodeURIComponent('status = "FAILED" AND stauts = 1')}`);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { details: unknown } }).error.details).toEqual({ field: "q", column: 23 });
    expect((await get("?format=xlsx")).status).toBe(422);
  });
});
