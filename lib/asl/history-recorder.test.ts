import { describe, expect, it } from "vitest";
import { HistoryRecorder } from "./history-recorder";
import type { AslHistoryEvent } from "./types";

/** The same events through each of the recorder's ways to add one. */
function record(recorder: HistoryRecorder, items: number): void {
  let prev = recorder.add("ExecutionStarted", 0, { input: "{}", inputDetails: { truncated: false } });
  prev = recorder.addStateEntered("MapStateEntered", prev, '{"a":1}', "Map");
  prev = recorder.add("MapStateStarted", prev, { length: items });
  for (let index = 0; index < items; index++) {
    const started = recorder.addIteration("MapIterationStarted", prev, index, "Map");
    const entered = recorder.addStateEntered("PassStateEntered", started, `{"i":${index}}`, "P");
    const exited = recorder.addStateExited("PassStateExited", entered, "P", `"é${index}"`);
    prev = recorder.addIteration("MapIterationSucceeded", exited, index, "Map");
  }
  prev = recorder.add("MapStateSucceeded", prev);
  prev = recorder.add("MapStateExited", prev, { name: "Map", output: "[]", outputDetails: { truncated: false } });
  recorder.add("ExecutionSucceeded", prev, { output: "[]", outputDetails: { truncated: false } });
}

/** What each event must be, written out by hand. */
function expected(items: number): unknown[] {
  const t = new Date(0).toISOString();
  const events: Record<string, unknown>[] = [
    { type: "ExecutionStarted", executionStartedEventDetails: { input: "{}", inputDetails: { truncated: false } } },
    {
      type: "MapStateEntered",
      stateEnteredEventDetails: { input: '{"a":1}', inputDetails: { truncated: false }, name: "Map" },
    },
    { type: "MapStateStarted", mapStateStartedEventDetails: { length: items } },
  ];
  for (let index = 0; index < items; index++) {
    events.push(
      { type: "MapIterationStarted", mapIterationStartedEventDetails: { index, name: "Map" } },
      {
        type: "PassStateEntered",
        stateEnteredEventDetails: { input: `{"i":${index}}`, inputDetails: { truncated: false }, name: "P" },
      },
      {
        type: "PassStateExited",
        stateExitedEventDetails: { name: "P", output: `"é${index}"`, outputDetails: { truncated: false } },
      },
      { type: "MapIterationSucceeded", mapIterationSucceededEventDetails: { index, name: "Map" } },
    );
  }
  events.push(
    { type: "MapStateSucceeded" },
    {
      type: "MapStateExited",
      stateExitedEventDetails: { name: "Map", output: "[]", outputDetails: { truncated: false } },
    },
    {
      type: "ExecutionSucceeded",
      executionSucceededEventDetails: { output: "[]", outputDetails: { truncated: false } },
    },
  );
  return events.map((event, i) => ({ id: i + 1, previousEventId: i, timestamp: t, ...event }));
}

describe("HistoryRecorder", () => {
  // Short histories are made by constructors, long ones (10,000 events and more) by literals: both must be the same JSON.
  for (const items of [0, 3, 2_600]) {
    it(`records ${items} Map items as AWS's events, in order, with each member in AWS's order`, () => {
      const recorder = new HistoryRecorder(() => 0);
      record(recorder, items);
      const events = recorder.events;
      expect(events).toEqual(expected(items));
      // Member order too (it is the JSON text people diff).
      expect(JSON.stringify(events)).toBe(JSON.stringify(expected(items)));
      for (const event of events) expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    });
  }

  it("gives the same events to onEvent, as they are added, as in its history", () => {
    const seen: AslHistoryEvent[] = [];
    const recorder = new HistoryRecorder(
      () => 0,
      undefined,
      (event) => seen.push(event),
    );
    record(recorder, 2);
    expect(seen.length).toBe(14);
    expect(seen).toEqual(expected(2));
    expect(recorder.events).toEqual(seen);
  });

  it("keeps one array: events added after a read are appended to the array the reader holds", () => {
    const recorder = new HistoryRecorder(() => 0);
    const id = recorder.add("ExecutionStarted", 0, { input: "{}", inputDetails: { truncated: false } });
    const held = recorder.events;
    expect(held.length).toBe(1);
    expect(recorder.addStateEntered("PassStateEntered", id, "{}", "P")).toBe(2);
    expect(recorder.events).toBe(held);
    expect(held.map((e) => [e.id, e.type])).toEqual([
      [1, "ExecutionStarted"],
      [2, "PassStateEntered"],
    ]);
  });

  it("numbers events across its pending arrays and ends a full history at its limit", () => {
    const recorder = new HistoryRecorder(() => 0, {
      maxEvents: 1_500,
      onFull: (prev) => {
        throw new Error(`full after ${prev}`);
      },
    });
    let prev = 0;
    for (let i = 0; i < 1_499; i++) prev = recorder.add("PassStateEntered", prev, { name: "P" });
    expect(prev).toBe(1_499);
    expect(() => recorder.add("PassStateExited", prev, { name: "P" })).toThrow("full after 1499");
    expect(recorder.add("ExecutionFailed", prev, { error: "States.Runtime" })).toBe(1_500);
    expect(recorder.events.map((e) => e.id)).toEqual(Array.from({ length: 1_500 }, (_, i) => i + 1));
  });
});
