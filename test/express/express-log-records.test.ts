import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseExpressLogRecords } from "@/lib/history/parse-express-log-records";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import type { AslHistoryEvent, StateMachineDefinition } from "@/lib/asl/types";
import { EXPRESS_MAX_DURATION_MS } from "@/lib/asl/express/express-execution";
import {
  EXECUTION_DATA_FIELDS,
  expressLogLines,
  isLoggedAt,
  toExpressLogRecords,
  type LogLevel,
} from "@/lib/asl/express/express-log-records";

const fixture = path.resolve(__dirname, "../fixtures/histories/express.jsonl");
const role = "arn:aws:iam::123456789012:role/StepFunctionsRole";

/** The imported log's two state machines: a DynamoDB put that succeeds, and a Fail state. */
const store = {
  StartAt: "Store",
  States: {
    Store: {
      Type: "Task",
      Resource: "arn:aws:states:::dynamodb:putItem",
      Parameters: { TableName: "t" },
      TimeoutSeconds: 60,
      ResultSelector: {},
      End: true,
    },
  },
};
const reject = { StartAt: "Reject", States: { Reject: { Type: "Fail", Error: "Rejected", Cause: "n is even" } } };
/** Every level's interesting events: a caught Task failure, a Parallel, a Fail. */
const mixed = {
  StartAt: "Try",
  States: {
    Try: {
      Type: "Task",
      Resource: "arn:aws:lambda:us-east-1:123456789012:function:charge",
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Both", ResultPath: "$.error" }],
      End: true,
    },
    Both: {
      Type: "Parallel",
      Next: "Stop",
      Branches: [{ StartAt: "A", States: { A: { Type: "Pass", End: true } } }],
    },
    Stop: { Type: "Fail", Error: "Declined", Cause: "card declined" },
  },
};

async function runExpress(definition: unknown, input: string, name: string) {
  return executeStateMachine({
    definition: definition as StateMachineDefinition,
    input,
    stateMachineName: "Ingest",
    executionName: name,
    type: "EXPRESS",
    executionId: "0f5b3c9e-2a44-4f5e-8c7d-1b2a3c4d5e6f",
    region: "us-east-1",
    accountId: "123456789012",
    roleArn: role,
    clock: createVirtualClock(Date.parse("2024-03-17T11:10:40.123Z")),
    invoker: {
      invoke: (invocation) =>
        Promise.resolve(
          invocation.stateName === "Try"
            ? { type: "failure", error: "Declined", cause: "no funds" }
            : { type: "success", output: {} },
        ),
    },
    random: createSeededRandom(1),
    maxDurationMs: EXPRESS_MAX_DURATION_MS,
  });
}

/** A record's comparable part: type, ids and details with payloads parsed (timestamps and the ARN's id differ). */
const comparable = (line: string) => {
  const r = JSON.parse(line) as Record<string, unknown>;
  const details = Object.fromEntries(
    Object.entries((r["details"] ?? {}) as Record<string, unknown>).map(([k, v]) => [
      k,
      EXECUTION_DATA_FIELDS.has(k) ? JSON.parse(String(v)) : v,
    ]),
  );
  return { id: r["id"], previous: r["previous_event_id"], type: r["type"], details };
};

describe("a local Express run as CloudWatch Logs carries it", () => {
  it("matches the imported Express log of the same definitions record for record", async () => {
    const imported = readFileSync(fixture, "utf8").trim().split("\n");
    for (const [definition, input, name] of [
      [store, '{"n": 1}', "e-1"],
      [reject, '{"n": 2}', "e-2"],
    ] as const) {
      const result = await runExpress(definition, input, name);
      const local = expressLogLines(
        toExpressLogRecords(result.executionArn, result.events, { level: "ALL", includeExecutionData: true }),
      );
      const theirs = imported.filter((l) =>
        (JSON.parse(l) as { execution_arn: string }).execution_arn.includes(`:Ingest:${name}:`),
      );
      expect(local.trim().split("\n").map(comparable)).toEqual(
        theirs.map(comparable).sort((a, b) => Number(a.id) - Number(b.id)),
      );
    }
  });

  const levels: [LogLevel, boolean][] = [
    ["ALL", true],
    ["ALL", false],
    ["ERROR", true],
    ["ERROR", false],
    ["FATAL", true],
    ["FATAL", false],
  ];
  it.each(levels)("round-trips through the Express log parser at %s (execution data %s)", async (level, data) => {
    const result = await runExpress(mixed, '{"card":"4111"}', "mixed");
    const lines = expressLogLines(
      toExpressLogRecords(result.executionArn, result.events, { level, includeExecutionData: data }),
    );
    const [parsed] = parseExpressLogRecords(lines, "mixed.jsonl");
    const kept = result.events.filter((e) => isLoggedAt(level, e.type));
    const ids = new Set(kept.map((e) => e.id));
    const expected = kept.map((event) => {
      const { id, previousEventId, timestamp, type, ...rest } = event;
      const [key, details] = Object.entries(rest)[0] ?? [];
      const shown = data
        ? details
        : Object.fromEntries(Object.entries(details ?? {}).filter(([k]) => !EXECUTION_DATA_FIELDS.has(k)));
      // What the log does not hold reads as 0 (the level left that event out).
      const previous = level === "ALL" || ids.has(previousEventId) ? previousEventId : 0;
      return {
        id,
        previousEventId: previous,
        timestamp,
        type,
        ...(key === undefined ? {} : { [key]: shown }),
      } as AslHistoryEvent;
    });
    expect(parsed?.identity.executionArn).toBe(result.executionArn);
    expect(parsed?.identity.type).toBe("EXPRESS");
    expect(parsed?.events).toEqual(expected);
    expect(parsed?.events.map((e) => e.type)).toEqual(
      level === "FATAL"
        ? ["ExecutionFailed"]
        : level === "ERROR"
          ? ["LambdaFunctionFailed", "FailStateEntered", "ExecutionFailed"]
          : result.events.map((e) => e.type),
    );
  });

  it("logs nothing at OFF", async () => {
    const result = await runExpress(reject, "{}", "off");
    expect(
      toExpressLogRecords(result.executionArn, result.events, { level: "OFF", includeExecutionData: true }),
    ).toEqual([]);
  });
});
