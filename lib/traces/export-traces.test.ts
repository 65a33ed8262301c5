import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createHandlerInvoker, type TaskHandler } from "@/lib/asl/handler-invoker";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import type { StateMachineDefinition } from "@/lib/asl/types";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { readTraceExportState } from "@/lib/store/trace-export-state";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { startOtlpReceiver, type ReceivedSpan } from "@/test/otlp/otlp-receiver";
import { traceIdOf } from "./trace-ids";
import { exportPendingTraces } from "./export-traces";
import { createOtlpSender } from "./otlp-span-exporter";

const ACCOUNT = "123456789012";
const lambda = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const source = { kind: "UPLOAD" as const, name: "traces-test" };
let db: TestDatabase;

/** Runs `definition` in the interpreter and stores its history through the real import path. */
async function storeRun(
  name: string,
  definition: StateMachineDefinition,
  handlers: Record<string, TaskHandler>,
  input: unknown = {},
): Promise<string> {
  const result = await executeStateMachine({
    definition,
    input: JSON.stringify(input),
    stateMachineName: `Traces${name}`,
    executionName: name,
    clock: createVirtualClock(),
    invoker: createHandlerInvoker(handlers),
    random: createSeededRandom(1),
  });
  const stateMachineArn = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:Traces${name}`;
  const executionArn = `arn:aws:states:us-east-1:${ACCOUNT}:execution:Traces${name}:${name}`;
  const bundle = {
    execution: {
      executionArn,
      stateMachineArn,
      name,
      status: result.status,
      startDate: result.events[0]?.timestamp,
      stopDate: result.events.at(-1)?.timestamp,
      input: JSON.stringify(input),
      ...(result.output === undefined ? {} : { output: result.output }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.cause === undefined ? {} : { cause: result.cause }),
    },
    stateMachine: { stateMachineArn, name: `Traces${name}`, type: "STANDARD", definition: JSON.stringify(definition) },
    events: result.events,
  };
  await importHistoryText(db, JSON.stringify(bundle), { fileName: `${name}.json`, source });
  return executionArn;
}

const failing =
  (error: string): TaskHandler =>
  () => {
    const e = new Error(`${error} happened`);
    e.name = error;
    throw e;
  };

let retriedArn: string;
let mapArn: string;
let parallelArn: string;

beforeAll(async () => {
  db = await createTestDatabase();
  let calls = 0;
  retriedArn = await storeRun(
    "Retried",
    {
      StartAt: "Charge",
      States: {
        Charge: {
          Type: "Task",
          Resource: lambda("charge"),
          Retry: [{ ErrorEquals: ["Flaky"], IntervalSeconds: 2, MaxAttempts: 3 }],
          End: true,
        },
      },
    },
    { charge: () => (++calls <= 2 ? failing("Flaky")({}) : { charged: true }) },
  );
  mapArn = await storeRun(
    "FailedMap",
    {
      StartAt: "EachItem",
      States: {
        EachItem: {
          Type: "Map",
          ItemsPath: "$.items",
          ItemProcessor: {
            ProcessorConfig: { Mode: "INLINE" },
            StartAt: "Ship",
            States: { Ship: { Type: "Task", Resource: lambda("ship"), End: true } },
          },
          End: true,
        },
      },
    },
    { ship: (item) => ((item as { n: number }).n === 2 ? failing("Ship.Refused")(item) : { shipped: true }) },
    { items: [{ n: 1 }, { n: 2 }, { n: 3 }] },
  );
  parallelArn = await storeRun(
    "Parallel",
    {
      StartAt: "Both",
      States: {
        Both: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Left", States: { Left: { Type: "Pass", End: true } } },
            { StartAt: "Right", States: { Right: { Type: "Task", Resource: lambda("right"), End: true } } },
          ],
          End: true,
        },
      },
    },
    { right: () => ({ ok: true }) },
    { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
  );
});
afterAll(async () => {
  await db.drop();
});

const tree = (spans: readonly ReceivedSpan[], traceId: string) => spans.filter((s) => s.traceId === traceId);
const childrenOf = (spans: readonly ReceivedSpan[], parent: ReceivedSpan) =>
  spans.filter((s) => s.parentSpanId === parent.spanId);

describe("OTLP trace export", () => {
  it("sends each execution as a span tree with the history's times, retries and root cause, decoded from protobuf", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const outcome = await exportPendingTraces(db, "otlp-tree", {
        sender: createOtlpSender({ endpoint: receiver.url }),
      });
      expect(outcome).toMatchObject({ status: "done", executions: 3 });
      expect(receiver.spans).toHaveLength(outcome.spans);

      // The retried Task: root → Charge → three attempts, two failed with Flaky; retries as span events.
      const retried = tree(receiver.spans, traceIdOf(retriedArn));
      const root = retried.find((s) => s.parentSpanId === "")!;
      expect(root.name).toBe("TracesRetried");
      expect(root.attributes["cloud.provider"]).toBe("aws");
      expect(root.attributes["cloud.account.id"]).toBe(ACCOUNT);
      expect(root.attributes["stepfunctions.execution.status"]).toBe("SUCCEEDED");
      expect(root.status.code).toBe(1);
      expect(root.resource["service.name"]).toBe("aws-step-functions");
      const [charge] = childrenOf(retried, root);
      expect(charge?.name).toBe("Charge");
      const attempts = childrenOf(retried, charge!);
      expect(attempts.map((a) => [a.name, a.attributes["error.type"] ?? null])).toEqual([
        ["Charge attempt 1", "Flaky"],
        ["Charge attempt 2", "Flaky"],
        ["Charge attempt 3", null],
      ]);
      expect(charge!.events.map((e) => e.name)).toEqual(["retry", "retry"]);
      // The backoff is the gap between attempts: 2 s, then 4 s on the virtual clock.
      expect(attempts[1]!.startMs - attempts[0]!.endMs).toBe(2_000);
      expect(attempts[2]!.startMs - attempts[1]!.endMs).toBe(4_000);
      expect(root.startMs).toBeLessThanOrEqual(charge!.startMs);
      expect(root.endMs).toBeGreaterThanOrEqual(attempts[2]!.endMs);

      // The failed Map: iterations as spans with their index; the root cause is the failed Ship, with an exception event.
      const map = tree(receiver.spans, traceIdOf(mapArn));
      const mapRoot = map.find((s) => s.parentSpanId === "")!;
      expect(mapRoot.status.code).toBe(2);
      expect(mapRoot.attributes["error.type"]).toBe("Ship.Refused");
      const [eachItem] = childrenOf(map, mapRoot);
      expect(eachItem?.name).toBe("EachItem");
      expect(eachItem?.status.code).toBe(2);
      const iterations = childrenOf(map, eachItem!);
      // The second item fails; the iterations that ran are numbered from 0 as AWS numbers them.
      expect(iterations.length).toBeGreaterThanOrEqual(2);
      expect(iterations.map((s) => s.attributes["stepfunctions.iteration.index"])).toEqual(iterations.map((_, i) => i));
      expect(iterations.map((s) => s.name)).toEqual(iterations.map((_, i) => `EachItem Iteration ${i}`));
      const causes = map.filter((s) => s.attributes["stepfunctions.state.root_cause"] === true);
      expect(causes).toHaveLength(1);
      expect(causes[0]!.name).toBe("Ship");
      expect(causes[0]!.status.code).toBe(2);
      expect(causes[0]!.events.find((e) => e.name === "exception")?.attributes["exception.type"]).toBe("Ship.Refused");

      // The Parallel joined the trace its input carried; its two branches are spans numbered from 1.
      const parallel = tree(receiver.spans, "0af7651916cd43dd8448eb211c80319c");
      const parallelRoot = parallel.find((s) => s.name === "TracesParallel")!;
      expect(parallelRoot.parentSpanId).toBe("b7ad6b7169203331");
      const [both] = childrenOf(parallel, parallelRoot);
      expect(
        childrenOf(parallel, both!)
          .map((s) => s.name)
          .sort(),
      ).toEqual(["Both Branch 1", "Both Branch 2"]);
      expect(tree(receiver.spans, traceIdOf(parallelArn))).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it("a receiver that fails and recovers gets every span exactly once; a second pass sends nothing", async () => {
    // 500 is not retryable in OTLP: the pass fails, the cursor stays, the next pass sends the batch again.
    const receiver = await startOtlpReceiver({ failWith: [500] });
    try {
      const sender = createOtlpSender({ endpoint: receiver.url });
      await expect(exportPendingTraces(db, "otlp-recover", { sender, batchSize: 2 })).rejects.toThrow();
      expect((await readTraceExportState(db, "otlp-recover")).lastError).not.toBeNull();
      const outcome = await exportPendingTraces(db, "otlp-recover", { sender, batchSize: 2 });
      expect(outcome.executions).toBe(3);
      const ids = receiver.spans.map((s) => s.spanId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(outcome.spans);
      const again = await exportPendingTraces(db, "otlp-recover", { sender });
      expect(again).toMatchObject({ executions: 0, spans: 0 });
      const state = await readTraceExportState(db, "otlp-recover");
      expect(state).toMatchObject({ executionsExported: 3, lastError: null });
    } finally {
      await receiver.close();
    }
  });

  it("an execution stored after the cursor passed (a late sync) is exported on the next pass; a re-export is the same trace", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const sender = createOtlpSender({ endpoint: receiver.url });
      await exportPendingTraces(db, "otlp-late", { sender });
      const before = receiver.spans.length;
      const lateArn = await storeRun("Late", { StartAt: "Only", States: { Only: { Type: "Pass", End: true } } }, {});
      const outcome = await exportPendingTraces(db, "otlp-late", { sender });
      expect(outcome.executions).toBe(1);
      expect(receiver.spans.slice(before).every((s) => s.traceId === traceIdOf(lateArn))).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it("two exporters at once: one sends, the other finds it busy", async () => {
    const receiver = await startOtlpReceiver();
    try {
      const sender = createOtlpSender({ endpoint: receiver.url });
      const outcomes = await Promise.all([
        exportPendingTraces(db, "otlp-twice", { sender, batchSize: 1 }),
        exportPendingTraces(db, "otlp-twice", { sender, batchSize: 1 }),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(["busy", "done"]);
      const ids = receiver.spans.map((s) => s.spanId);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await receiver.close();
    }
  });

  it("sends OTLP/JSON when asked: the same spans as protobuf, as JSON", async () => {
    const [proto, json] = await Promise.all([startOtlpReceiver(), startOtlpReceiver()]);
    try {
      await exportPendingTraces(db, "otlp-proto", { sender: createOtlpSender({ endpoint: proto.url }) });
      await exportPendingTraces(db, "otlp-json", {
        sender: createOtlpSender({ endpoint: json.url, protocol: "http/json" }),
      });
      expect(json.contentTypes().every((type) => type.startsWith("application/json"))).toBe(true);
      expect(proto.contentTypes().every((type) => type === "application/x-protobuf")).toBe(true);
      const sorted = (spans: readonly ReceivedSpan[]) => [...spans].sort((a, b) => a.spanId.localeCompare(b.spanId));
      expect(json.spans.length).toBeGreaterThan(0);
      expect(sorted(json.spans)).toEqual(sorted(proto.spans));
    } finally {
      await Promise.all([proto.close(), json.close()]);
    }
  });
});
