import { describe, expect, it } from "vitest";
import { HistoryInputError } from "./history-input-error";
import { canonicalTimestamp } from "./canonical-timestamp";
import { parseHistoryEvents } from "./parse-history-events";

describe("parseHistoryEvents", () => {
  it("accepts SDK GetExecutionHistory events with Date timestamps, omitted previousEventId and undefined members", () => {
    const events = parseHistoryEvents(
      [
        {
          id: 1,
          timestamp: new Date("2024-03-17T11:10:40.123Z"),
          type: "ExecutionStarted",
          executionStartedEventDetails: { input: "{}", inputDetails: { truncated: false } },
          taskFailedEventDetails: undefined,
        },
        {
          id: 2,
          previousEventId: 0,
          timestamp: new Date("2024-03-17T11:10:40.200Z"),
          type: "PassStateEntered",
          stateEnteredEventDetails: { name: "P", input: "{}" },
        },
      ],
      { path: "/events" },
    );
    expect(events).toEqual([
      {
        id: 1,
        previousEventId: 0,
        timestamp: "2024-03-17T11:10:40.123Z",
        type: "ExecutionStarted",
        executionStartedEventDetails: { input: "{}", inputDetails: { truncated: false } },
      },
      {
        id: 2,
        previousEventId: 0,
        timestamp: "2024-03-17T11:10:40.200Z",
        type: "PassStateEntered",
        stateEnteredEventDetails: { name: "P", input: "{}" },
      },
    ]);
  });

  it("refuses an invalid Date with the event id and field", () => {
    expect(() =>
      parseHistoryEvents([{ id: 4, timestamp: new Date(Number.NaN), type: "ExecutionStarted" }], {
        file: "page-3",
        path: "/events",
      }),
    ).toThrow(
      new HistoryInputError(
        { file: "page-3", eventId: 4, path: "/events/0/timestamp" },
        "expected an ISO-8601 timestamp",
      ),
    );
  });

  it("refuses a details member that is not an object", () => {
    expect(() =>
      parseHistoryEvents([{ id: 1, timestamp: 0, type: "ExecutionStarted", executionStartedEventDetails: "x" }], {
        path: "",
      }),
    ).toThrow(
      "input: event 1 (/0/executionStartedEventDetails): expected `executionStartedEventDetails` to be an object",
    );
  });

  it("converts AWS JSON epoch-second timestamps to ISO ms exactly as canonicalTimestamp does, across seconds, days and rounding", () => {
    const seconds = [
      1710673840.123, 1710673840.9994, 1710673840.9996, 1710673841, 1710673841.05, 1710673841.007, 1710719999.999,
      1710720000.0004, 1710720000.5,
    ];
    const events = parseHistoryEvents(
      seconds.map((timestamp, i) => ({ id: i + 1, timestamp, type: "PassStateEntered" })),
      { path: "/events" },
    );
    expect(events.map((e) => e.timestamp)).toEqual(seconds.map((s) => canonicalTimestamp(s, "seconds")));
    expect(events.map((e) => e.timestamp)).toEqual([
      "2024-03-17T11:10:40.123Z",
      "2024-03-17T11:10:40.999Z",
      "2024-03-17T11:10:41.000Z",
      "2024-03-17T11:10:41.000Z",
      "2024-03-17T11:10:41.050Z",
      "2024-03-17T11:10:41.007Z",
      "2024-03-17T23:59:59.999Z",
      "2024-03-18T00:00:00.000Z",
      "2024-03-18T00:00:00.500Z",
    ]);
  });

  it("names the event and field of a malformed id, previousEventId, type or a second details member", () => {
    const parse = (event: Record<string, unknown>) => () =>
      parseHistoryEvents([{ id: 1, timestamp: 1, type: "ExecutionStarted" }, event], {
        file: "h.json",
        path: "/events",
      });
    expect(parse({ id: 2.5, timestamp: 1, type: "PassStateEntered" })).toThrow(
      "h.json: event 2.5 (/events/1/id): expected `id` to be a positive integer",
    );
    expect(parse({ id: 2, previousEventId: -1, timestamp: 1, type: "PassStateEntered" })).toThrow(
      "(/events/1/previousEventId): expected `previousEventId` to be a non-negative integer",
    );
    expect(parse({ id: 2, timestamp: 1, type: "" })).toThrow("(/events/1/type): missing `type`");
    expect(parse({ id: 2, timestamp: true, type: "PassStateEntered" })).toThrow(
      "(/events/1/timestamp): expected an ISO-8601 timestamp",
    );
    expect(
      parse({
        id: 2,
        timestamp: 1,
        type: "PassStateEntered",
        stateEnteredEventDetails: {},
        taskFailedEventDetails: {},
      }),
    ).toThrow(
      "h.json: event 2 (/events/1/taskFailedEventDetails): more than one details member (stateEnteredEventDetails, taskFailedEventDetails)",
    );
  });
});
