import { describe, expect, it } from "vitest";
import { HistoryInputError } from "./history-input-error";
import { parseHistoryEvents } from "./parse-history-events";

describe("parseHistoryEvents", () => {
  it("accepts SDK GetExecutionHistory events with Date timestamps, omitted previousEventId and undefined members", () => {
    const events = parseHistoryEvents(
      [
        { id: 1, timestamp: new Date("2024-03-17T11:10:40.123Z"), type: "ExecutionStarted", executionStartedEventDetails: { input: "{}", inputDetails: { truncated: false } }, taskFailedEventDetails: undefined },
        { id: 2, previousEventId: 0, timestamp: new Date("2024-03-17T11:10:40.200Z"), type: "PassStateEntered", stateEnteredEventDetails: { name: "P", input: "{}" } },
      ],
      { path: "/events" },
    );
    expect(events).toEqual([
      { id: 1, previousEventId: 0, timestamp: "2024-03-17T11:10:40.123Z", type: "ExecutionStarted", executionStartedEventDetails: { input: "{}", inputDetails: { truncated: false } } },
      { id: 2, previousEventId: 0, timestamp: "2024-03-17T11:10:40.200Z", type: "PassStateEntered", stateEnteredEventDetails: { name: "P", input: "{}" } },
    ]);
  });

  it("refuses an invalid Date with the event id and field", () => {
    expect(() => parseHistoryEvents([{ id: 4, timestamp: new Date(Number.NaN), type: "ExecutionStarted" }], { file: "page-3", path: "/events" }))
      .toThrow(new HistoryInputError({ file: "page-3", eventId: 4, path: "/events/0/timestamp" }, "expected an ISO-8601 timestamp"));
  });

  it("refuses a details member that is not an object", () => {
    expect(() => parseHistoryEvents([{ id: 1, timestamp: 0, type: "ExecutionStarted", executionStartedEventDetails: "x" }], { path: "" }))
      .toThrow("input: event 1 (/0/executionStartedEventDetails): expected `executionStartedEventDetails` to be an object");
  });
});
