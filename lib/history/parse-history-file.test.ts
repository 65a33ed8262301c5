import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deriveHistory } from "./derive-history";
import { HistoryInputError } from "./history-input-error";
import { parseHistoryFile } from "./parse-history-file";
import type { InputLocation } from "./types";

const read = (name: string) => readFileSync(path.resolve(__dirname, "../../test/fixtures/histories", name), "utf8");

function refusal(text: string, fileName = "runs/x.json"): HistoryInputError {
  try {
    parseHistoryFile(text, { fileName });
  } catch (error) {
    if (error instanceof HistoryInputError) return error;
    throw error;
  }
  throw new Error("expected a HistoryInputError");
}

const event = (id: number, previousEventId: number, extra: Record<string, unknown> = {}) => ({
  id,
  previousEventId,
  timestamp: `2024-03-17T11:10:${String(40 + id).padStart(2, "0")}.123000+00:00`,
  type: "PassStateEntered",
  stateEnteredEventDetails: { name: "P", input: "{}" },
  ...extra,
});
const cli = (...events: unknown[]) => JSON.stringify({ events }, null, 2);

describe("parseHistoryFile", () => {
  it("reads get-execution-history output into canonical events", () => {
    const [parsed] = parseHistoryFile(read("success.json"), { fileName: "runs/success.json" });
    expect(parsed?.events[0]).toEqual({
      id: 1,
      previousEventId: 0,
      timestamp: "2024-03-17T11:10:40.123Z",
      type: "ExecutionStarted",
      executionStartedEventDetails: {
        input: '{"orderId": "o-1"}',
        inputDetails: { truncated: false },
        roleArn: "arn:aws:iam::123456789012:role/StepFunctionsRole",
      },
    });
    expect(parsed?.stateMachine).toBeNull();
  });

  it("synthesises the same identity for the same file and a different one for other content", () => {
    const a = parseHistoryFile(read("success.json"), { fileName: "runs/success.json" })[0]?.identity;
    const b = parseHistoryFile(read("success.json"), { fileName: "elsewhere/success.json" })[0]?.identity;
    const c = parseHistoryFile(read("abort.json"), { fileName: "success.json" })[0]?.identity;
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      name: "success",
      stateMachineArn: "arn:aws:states:local:000000000000:stateMachine:imported",
      type: "STANDARD",
      region: null,
      accountId: null,
      described: null,
    });
    expect(a?.executionArn).toMatch(/^arn:aws:states:local:000000000000:execution:imported:success-[0-9a-f]{8}$/);
    expect(c?.executionArn).not.toBe(a?.executionArn);
  });

  it("takes the identity from --execution-arn when given, Express ARNs included", () => {
    const [parsed] = parseHistoryFile(read("success.json"), {
      executionArn: "arn:aws:states:us-east-2:111122223333:express:Flow:e-9:3f1c",
    });
    expect(parsed?.identity).toMatchObject({
      executionArn: "arn:aws:states:us-east-2:111122223333:express:Flow:e-9:3f1c",
      stateMachineArn: "arn:aws:states:us-east-2:111122223333:stateMachine:Flow",
      name: "e-9",
      type: "EXPRESS",
      region: "us-east-2",
      accountId: "111122223333",
    });
  });

  it("reads epoch-second timestamps as the wire protocol sends them", () => {
    const [parsed] = parseHistoryFile(read("timeout.json"));
    expect(parsed?.events.map((e) => e.timestamp).slice(0, 2)).toEqual([
      "2024-03-17T11:10:40.123Z",
      "2024-03-17T11:10:40.133Z",
    ]);
  });

  it("reads a bundle's identity, described fields and state machine", () => {
    const [parsed] = parseHistoryFile(read("bundle.json"), { fileName: "bundle.json" });
    expect(parsed?.identity).toMatchObject({
      executionArn: "arn:aws:states:eu-west-1:123456789012:execution:OrderFlow:run-42",
      name: "run-42",
      stateMachineName: "OrderFlow",
      region: "eu-west-1",
      accountId: "123456789012",
      type: "STANDARD",
      described: {
        status: "SUCCEEDED",
        startDate: "2024-03-17T11:10:40.123Z",
        stopDate: "2024-03-17T11:10:40.135Z",
        redriveCount: 0,
        redriveStatus: "NOT_REDRIVABLE",
      },
    });
    expect(parsed?.stateMachine).toMatchObject({
      name: "OrderFlow",
      type: "STANDARD",
      revisionId: "8f0c2a1e-7d4b-4c2e-9a11-3b5d6e7f8a90",
      loggingConfiguration: { level: "OFF", includeExecutionData: false },
    });
    expect(JSON.parse(parsed?.stateMachine?.definition ?? "")).toMatchObject({ StartAt: "Only" });
    expect(parsed?.events).toHaveLength(4);
  });

  it("groups Express log records by execution and restores AWS's detail types", () => {
    const parsed = parseHistoryFile(read("express.jsonl"), { fileName: "express.jsonl" });
    expect(parsed.map((p) => [p.identity.name, p.identity.type, p.events.length])).toEqual([
      ["e-1", "EXPRESS", 7],
      ["e-2", "EXPRESS", 3],
    ]);
    const [first] = parsed;
    expect(first?.events[1]).toEqual({
      id: 2,
      previousEventId: 0,
      timestamp: "2024-03-17T11:10:40.133Z",
      type: "TaskStateEntered",
      stateEnteredEventDetails: { input: '{"n": 1}', inputDetails: { truncated: false }, name: "Store" },
    });
    expect(first?.events[2]?.["taskScheduledEventDetails"]).toMatchObject({
      timeoutInSeconds: 60,
      parameters: '{"TableName": "t"}',
    });
    expect(parsed.map((p) => deriveHistory(p.events).summary.status)).toEqual(["SUCCEEDED", "FAILED"]);
    expect(deriveHistory(parsed[1]?.events ?? []).summary.rootCause).toMatchObject({
      stateName: "Reject",
      error: "Rejected",
    });
  });

  it("turns a --reverse-order history around", () => {
    const [parsed] = parseHistoryFile(cli(event(2, 1), event(1, 0)));
    expect(parsed?.events.map((e) => e.id)).toEqual([1, 2]);
  });

  it("keeps unknown event types with whatever details member they carry", () => {
    const [parsed] = parseHistoryFile(
      cli(event(1, 0), {
        id: 2,
        previousEventId: 1,
        timestamp: 1710673842.5,
        type: "BrandNewThing",
        brandNewThingEventDetails: { a: "b" },
      }),
    );
    expect(parsed?.events[1]).toEqual({
      id: 2,
      previousEventId: 1,
      timestamp: "2024-03-17T11:10:42.500Z",
      type: "BrandNewThing",
      brandNewThingEventDetails: { a: "b" },
    });
  });

  const refusals: [string, string, string, InputLocation][] = [
    ["an empty file", "  \n", "runs/x.json: empty file", { file: "runs/x.json" }],
    [
      "text that is not JSON",
      '{\n  "events": [\n    {"id": 1,}\n  ]\n}',
      'runs/x.json: line 3, column 14: not valid JSON: unexpected "}", expected a double-quoted property name',
      { file: "runs/x.json", line: 3, column: 14 },
    ],
    [
      "JSON of the wrong shape",
      '{"items": []}',
      'runs/x.json: expected {"events": [...]}, a bundle {"execution", "events"} or Express log records',
      { file: "runs/x.json", path: "" },
    ],
    [
      "events that are not an array",
      '{"events": {}}',
      "runs/x.json: (/events): expected `events` to be an array",
      { file: "runs/x.json", path: "/events" },
    ],
    [
      "a history with no events",
      '{"events": []}',
      "runs/x.json: (/events): no events",
      { file: "runs/x.json", path: "/events" },
    ],
    [
      "a bad timestamp",
      cli(event(1, 0), event(7, 1, { timestamp: "yesterday" })),
      "runs/x.json: event 7 (/events/1/timestamp): expected an ISO-8601 timestamp",
      { file: "runs/x.json", eventId: 7, path: "/events/1/timestamp" },
    ],
    [
      "a missing type",
      cli(event(1, 0), { ...event(2, 1), type: undefined }),
      "runs/x.json: event 2 (/events/1/type): missing `type`",
      { file: "runs/x.json", eventId: 2, path: "/events/1/type" },
    ],
    [
      "a non-integer id",
      cli({ ...event(1, 0), id: "one" }),
      "runs/x.json: (/events/0/id): expected `id` to be a positive integer",
      { file: "runs/x.json", path: "/events/0/id" },
    ],
    [
      "events out of ascending order",
      cli(event(1, 0), event(3, 1), event(2, 1)),
      "runs/x.json: event 2 (/events/2/id): events out of ascending order: id 2 after 3",
      { file: "runs/x.json", eventId: 2, path: "/events/2/id" },
    ],
    [
      "duplicate ids",
      cli(event(1, 0), event(2, 1), event(2, 1)),
      "runs/x.json: event 2 (/events/2/id): duplicate event id 2",
      { file: "runs/x.json", eventId: 2, path: "/events/2/id" },
    ],
    [
      "a previousEventId pointing forward",
      cli(event(1, 0), event(2, 5)),
      "runs/x.json: event 2 (/events/1/previousEventId): previousEventId 5 is not the id of an earlier event",
      { file: "runs/x.json", eventId: 2, path: "/events/1/previousEventId" },
    ],
    [
      "two details members",
      cli(event(1, 0, { stateExitedEventDetails: { name: "P" } })),
      "runs/x.json: event 1 (/events/0/stateExitedEventDetails): more than one details member (stateEnteredEventDetails, stateExitedEventDetails)",
      { file: "runs/x.json", eventId: 1, path: "/events/0/stateExitedEventDetails" },
    ],
    [
      "a bundle without an execution ARN",
      JSON.stringify({ execution: { name: "x" }, events: [event(1, 0)] }),
      "runs/x.json: (/execution/executionArn): Invalid input: expected string, received undefined",
      { file: "runs/x.json", path: "/execution/executionArn" },
    ],
    [
      "a bundle whose ARN is not an execution's",
      JSON.stringify({ execution: { executionArn: "arn:aws:s3:::bucket" }, events: [event(1, 0)] }),
      'runs/x.json: (/execution/executionArn): not a Step Functions execution ARN: "arn:aws:s3:::bucket"',
      { file: "runs/x.json", path: "/execution/executionArn" },
    ],
  ];

  it.each(refusals)("refuses %s, naming file and place", (_, text, message, location) => {
    const error = refusal(text);
    expect(error.message).toBe(message);
    expect(error.location).toEqual(location);
  });

  it("refuses a bad Express log line with its line number", () => {
    const good = read("express.jsonl").split("\n")[0] ?? "";
    const error = refusal(
      `${good}\n${good.replace('"event_timestamp": "1710673840123"', '"event_timestamp": 1710673840123')}\n`,
      "logs.jsonl",
    );
    expect(error.message).toBe(
      "logs.jsonl: line 2 (/event_timestamp): expected `event_timestamp` to be a string of digits",
    );
    const broken = refusal(`${good}\n{"id": "2",\n`, "logs.jsonl");
    expect(broken.location).toMatchObject({ file: "logs.jsonl", line: 2 });
    const duplicate = refusal(`${good}\n${good}\n`, "logs.jsonl");
    expect(duplicate.message).toBe("logs.jsonl: line 2, event 1 (/id): duplicate event id 1");
    const dangling = refusal(
      `${good}\n${good.replace('"id": "1"', '"id": "2"').replace('"previous_event_id": "0"', '"previous_event_id": "9"')}\n`,
      "logs.jsonl",
    );
    expect(dangling.message).toBe(
      "logs.jsonl: line 2, event 2 (/previous_event_id): previousEventId 9 is not the id of an earlier event",
    );
  });
});
