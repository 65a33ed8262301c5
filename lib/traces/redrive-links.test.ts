import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { buildRedrivenHistory } from "@/test/builders/redriven-history";
import { startOtlpReceiver, type ReceivedSpan } from "@/test/otlp/otlp-receiver";
import { exportPendingTraces } from "./export-traces";
import { createOtlpSender } from "./otlp-span-exporter";
import { traceIdOf } from "./trace-ids";

const arnOf = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:Orders:${name}`;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const [name, firstRunEnd] of [
    ["redriven-failed", "FAILED"],
    ["redriven-aborted", "ABORTED"],
  ] as const) {
    await importHistoryText(db, JSON.stringify({ events: buildRedrivenHistory({ firstRunEnd }) }), {
      fileName: `${name}.json`,
      executionArn: arnOf(name),
      source: { kind: "UPLOAD", name: "traces-redrive" },
    });
  }
});
afterAll(async () => {
  await db.drop();
});

const named = (spans: readonly ReceivedSpan[], name: string) => spans.filter((s) => s.name === name);

describe("a redriven execution as a trace", () => {
  it("is one trace: the first run and the redrive are spans under the root, the redrive linked to the run it redrives", async () => {
    const receiver = await startOtlpReceiver();
    try {
      await exportPendingTraces(db, "otlp-redrive", { sender: createOtlpSender({ endpoint: receiver.url }) });
      const trace = receiver.spans.filter((s) => s.traceId === traceIdOf(arnOf("redriven-failed")));
      const root = trace.find((s) => s.parentSpanId === "")!;
      expect(root.attributes["stepfunctions.execution.redrive_count"]).toBe(1);
      expect(root.status.code).toBe(1);
      const attempts = trace.filter((s) => s.parentSpanId === root.spanId);
      expect(attempts.map((s) => s.name)).toEqual(["First run", "Redrive 1"]);
      const [first, redrive] = attempts as [ReceivedSpan, ReceivedSpan];
      expect(first.status).toEqual({ code: 2, message: "Payment.Declined: card refused" });
      expect(redrive.status.code).toBe(1);
      // The link: from the redrive to the attempt it redrives, in the same trace.
      expect(redrive.links).toEqual([{ traceId: root.traceId, spanId: first.spanId }]);
      expect(first.links).toEqual([]);
      // Two days between the first run's end and the redrive: the attempts do not overlap.
      expect(redrive.startMs - first.endMs).toBe(2 * 86_400_000);
      expect(root.startMs).toBe(first.startMs);
      expect(root.endMs).toBe(redrive.endMs);

      // The states each attempt ran are under its span; succeeded states are not run again.
      expect(named(trace, "Prepare").map((s) => s.parentSpanId)).toEqual([first.spanId]);
      const charges = named(trace, "Charge");
      expect(charges.map((s) => [s.parentSpanId, s.status.code])).toEqual([
        [first.spanId, 2],
        [redrive.spanId, 0],
      ]);
      for (const charge of charges) {
        const attempt = charge.parentSpanId === first.spanId ? first : redrive;
        expect(charge.startMs).toBeGreaterThanOrEqual(attempt.startMs);
        expect(charge.endMs).toBeLessThanOrEqual(attempt.endMs);
      }
    } finally {
      await receiver.close();
    }
  });

  it("a state the abort cut short ends with the first run, not with the redrive", async () => {
    const receiver = await startOtlpReceiver();
    try {
      await exportPendingTraces(db, "otlp-redrive-aborted", { sender: createOtlpSender({ endpoint: receiver.url }) });
      const trace = receiver.spans.filter((s) => s.traceId === traceIdOf(arnOf("redriven-aborted")));
      const [first] = named(trace, "First run");
      expect(first?.status.message).toBe("Ops.Stop: stuck");
      const cut = named(trace, "Charge").find((s) => s.parentSpanId === first!.spanId)!;
      expect(cut.endMs).toBe(first!.endMs);
      const [redrive] = named(trace, "Redrive 1");
      expect(redrive?.links.map((l) => l.spanId)).toEqual([first!.spanId]);
    } finally {
      await receiver.close();
    }
  });
});
