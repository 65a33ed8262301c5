import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { routeRequest, useDeclinedCheckout, type RouteHandler } from "./route-test-setup";

// GET /api/executions/export: what the response says it is, a body streamed to its end, and the list's 422.

const fixture = useDeclinedCheckout();
let exportGet: RouteHandler;
let arn = "";

beforeAll(async () => {
  arn = fixture.arn;
  exportGet = ((await import("@/app/api/executions/export/route")) as { GET: RouteHandler }).GET;
});

const get = (query: string) =>
  exportGet(routeRequest(`/api/executions/export${query}`), { params: Promise.resolve({}) });

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
