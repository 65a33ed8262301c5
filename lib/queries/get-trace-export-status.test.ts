import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { exportPendingTraces } from "@/lib/traces/export-traces";
import { createOtlpSender } from "@/lib/traces/otlp-span-exporter";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startOtlpReceiver } from "@/test/otlp/otlp-receiver";
import { getTraceExportStatus } from "./get-trace-export-status";

let db: TestDatabase;

async function store(name: string, status: "SUCCEEDED" | "RUNNING" | "FAILED", kind: "UPLOAD" | "LOCAL" = "UPLOAD") {
  const { parsed } = buildExecutionHistory({ name, status, stateMachineName: "Status", tasks: 2 });
  await importHistoryText(db, JSON.stringify({ events: parsed.events }), {
    fileName: `${name}.json`,
    executionArn: parsed.identity.executionArn,
    source: { kind, name: kind === "LOCAL" ? "local" : "status-test" },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  await store("ended-1", "SUCCEEDED");
  await store("ended-2", "FAILED");
  await store("still-running", "RUNNING");
});
afterAll(async () => {
  await db.drop();
});

describe("the trace exporter's status", () => {
  it("before any export: nothing sent, every ended execution waits (running ones and local runs do not)", async () => {
    await store("local-1", "SUCCEEDED", "LOCAL");
    const status = await getTraceExportStatus(db, "status-never", { includeLocal: false });
    expect(status).toMatchObject({
      executionsExported: 0,
      spansExported: 0,
      lastExportAt: null,
      lastError: null,
      pending: 2,
      pendingIsLowerBound: false,
      spansPerSecond: null,
    });
    expect(status.oldestPendingAt).not.toBeNull();
    expect((await getTraceExportStatus(db, "status-never", { includeLocal: true })).pending).toBe(3);
    // A read: it leaves no exporter row behind.
    const { rows } = await db.pool.query("SELECT 1 FROM trace_export_state WHERE name = 'status-never'");
    expect(rows).toHaveLength(0);
  });

  it("after a refused pass: its error; after a good one: no lag, the totals and a speed", async () => {
    const refusing = await startOtlpReceiver({ failWith: [400] });
    try {
      await expect(
        exportPendingTraces(db, "status-otlp", { sender: createOtlpSender({ endpoint: refusing.url }) }),
      ).rejects.toThrow();
    } finally {
      await refusing.close();
    }
    const failed = await getTraceExportStatus(db, "status-otlp", { includeLocal: false });
    expect(failed.lastError).toMatch(/./);
    expect(failed.lastErrorAt).not.toBeNull();
    expect(failed.pending).toBe(2);

    const receiver = await startOtlpReceiver();
    try {
      await exportPendingTraces(db, "status-otlp", { sender: createOtlpSender({ endpoint: receiver.url }) });
      const status = await getTraceExportStatus(db, "status-otlp", { includeLocal: false });
      expect(status).toMatchObject({
        executionsExported: 2,
        spansExported: receiver.spans.length,
        lastError: null,
        pending: 0,
        oldestPendingAt: null,
      });
      expect(status.lastExportAt).not.toBeNull();
      expect(status.spansPerSecond).toBeGreaterThan(0);
    } finally {
      await receiver.close();
    }
  });
});
