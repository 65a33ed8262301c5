import { readFileSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll } from "vitest";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { createTestDatabase, type TestDatabase } from "../db";

/** A route handler as Next.js calls it: the request and its (promised) dynamic params. */
export type RouteHandler<P extends Record<string, string> = Record<string, string>> = (
  req: NextRequest,
  ctx: { params: Promise<P> },
) => Promise<Response>;

/** What a route test reads once its database is ready: the database and the declined checkout's ARN. */
export interface DeclinedCheckout {
  readonly db: TestDatabase;
  readonly arn: string;
}

/**
 * Registers the hooks of a route test that reads the declined checkout: its own database with
 * the fixture imported (one FAILED execution), anonymous visitors as viewers, and the test
 * database dropped afterwards. The returned object is filled in before the first test runs.
 */
export function useDeclinedCheckout(): DeclinedCheckout {
  const state = { db: undefined as unknown as TestDatabase, arn: "" };
  beforeAll(async () => {
    state.db = await createTestDatabase();
    process.env["DATABASE_URL"] = state.db.url;
    process.env["STEPSCOPE_ANONYMOUS_ROLE"] = "viewer";
    const text = readFileSync(path.resolve(__dirname, "../../e2e/fixtures/checkout-card-declined.bundle.json"), "utf8");
    const imported = await importHistoryText(state.db, text, {
      fileName: "checkout-card-declined.bundle.json",
      source: { kind: "UPLOAD", name: "uploads" },
    });
    state.arn = imported.executions[0]?.executionArn ?? "";
  });
  afterAll(async () => state.db?.drop());
  return state;
}

/** A GET to `pathAndQuery` on the loopback host, as the browser sends it. */
export function routeRequest(pathAndQuery: string, headers: Record<string, string> = {}): NextRequest {
  return new NextRequest(`http://127.0.0.1:3000${pathAndQuery}`, { headers: { host: "127.0.0.1:3000", ...headers } });
}
