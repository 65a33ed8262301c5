import { readFileSync } from "node:fs";
import path from "node:path";

const fixtures = path.resolve(__dirname, "../fixtures/histories");

type RawEvent = Record<string, unknown> & { id: number; type: string };

/** `success.json`'s events (ids 1–11, ending `ExecutionSucceeded`), fresh each call, to break one way at a time. */
export function successEvents(): RawEvent[] {
  return (JSON.parse(readFileSync(path.join(fixtures, "success.json"), "utf8")) as { events: RawEvent[] }).events;
}

/** The project's Express log records fixture (two executions, one JSON object a line). */
export function expressLines(): string[] {
  return readFileSync(path.join(fixtures, "express.jsonl"), "utf8").trim().split("\n");
}

const bundleArn = "arn:aws:states:us-east-1:123456789012:execution:Orders:bad-bundle";

function bundle(events: readonly RawEvent[], execution: Record<string, unknown> = {}): string {
  return JSON.stringify({ execution: { executionArn: bundleArn, status: "SUCCEEDED", ...execution }, events });
}

function withDetail(events: RawEvent[], index: number, key: string, member: string, value: unknown): RawEvent[] {
  const event = events[index]!;
  event[key] = { ...(event[key] as Record<string, unknown>), [member]: value };
  return events;
}

/** `count` events: `ExecutionStarted`, then Pass states entered and exited (no end). */
export function passEvents(count: number): RawEvent[] {
  const events: RawEvent[] = [];
  for (let id = 1; id <= count; id++) {
    events.push(
      id === 1
        ? {
            id,
            previousEventId: 0,
            timestamp: "2024-03-17T11:10:40.123Z",
            type: "ExecutionStarted",
            executionStartedEventDetails: { input: "{}", roleArn: "arn:aws:iam::123456789012:role/R" },
          }
        : {
            id,
            previousEventId: id - 1,
            timestamp: "2024-03-17T11:10:41.000Z",
            type: id % 2 === 0 ? "PassStateEntered" : "PassStateExited",
            stateEnteredEventDetails: { name: "P", input: "{}" },
          },
    );
  }
  return events;
}

/** `n` characters that do not compress (so Postgres cannot squeeze them under its ~2.7 KB btree entry limit). */
function noise(n: number): string {
  let x = 12345;
  let out = "";
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out += "abcdefghijklmnopqrstuvwxyz0123456789"[(x >>> 16) % 36];
  }
  return out;
}

/** One file no AWS history can be, what the refusal must say, and where. */
export interface BadFile {
  readonly name: string;
  readonly content: string | Uint8Array;
  /** A piece of the refusal's message. */
  readonly problem: string;
  /** The location the refusal names (a subset is compared). */
  readonly location: Record<string, unknown>;
}

/**
 * Every kind of file that import must refuse before storing anything: values Postgres
 * refuses (NUL, lone surrogates, ids beyond INTEGER, an ARN too long for its index, a
 * timestamp beyond year 9999) and what AWS never produces (more than 25,000 events, a
 * payload over 256 KiB, two `ExecutionStarted`, an event after the end, a status that
 * contradicts the events, non-UTF-8 bytes, nesting that would exhaust the stack), plus a
 * two-execution JSON Lines file whose second execution is bad.
 */
export function badHistoryFiles(): BadFile[] {
  const last = successEvents().length - 1;
  const jsonl = expressLines();
  const badLine = JSON.stringify({
    ...(JSON.parse(jsonl[jsonl.length - 1]!) as Record<string, unknown>),
    details: { name: "Store\u0000", input: "{}" },
  });
  const ended = successEvents();
  ended.push({
    id: 12,
    previousEventId: 11,
    timestamp: "2024-03-17T11:10:42.000Z",
    type: "PassStateEntered",
    stateEnteredEventDetails: { name: "Late", input: "{}" },
  });
  const twice = successEvents();
  twice.splice(1, 0, { ...twice[0]!, id: 2 });
  for (let i = 2; i < twice.length; i++) twice[i] = { ...twice[i]!, id: i + 1 };
  const utf8 = new TextEncoder().encode(JSON.stringify({ events: successEvents() }).replace("Prepare", "Pr\u0001pare"));
  utf8[utf8.indexOf(0x01)] = 0xff;
  return [
    {
      name: "nul-in-payload.json",
      content: JSON.stringify({
        events: withDetail(successEvents(), 0, "executionStartedEventDetails", "input", '{"a":"x\u0000y"}'),
      }),
      problem: "NUL",
      location: { eventId: 1, path: "/events/0/executionStartedEventDetails/input" },
    },
    {
      name: "nul-in-member-name.json",
      content: JSON.stringify({
        events: withDetail(successEvents(), 1, "stateEnteredEventDetails", "na\u0000me", "x"),
      }),
      problem: "NUL",
      location: { eventId: 2, path: "/events/1/stateEnteredEventDetails/na\\u0000me" },
    },
    {
      name: "lone-surrogate.json",
      content: JSON.stringify({
        events: withDetail(successEvents(), 1, "stateEnteredEventDetails", "name", "Pre\ud800pare"),
      }),
      problem: "lone UTF-16 surrogate (\\ud800)",
      location: { eventId: 2, path: "/events/1/stateEnteredEventDetails/name" },
    },
    {
      name: "id-1e308.json",
      content: JSON.stringify({ events: successEvents().map((e, i) => (i === last ? { ...e, id: 1e308 } : e)) }),
      problem: "expected `id` to be at most 2147483647",
      location: { path: `/events/${last}/id` },
    },
    {
      name: "id-2-31.json",
      content: JSON.stringify({ events: successEvents().map((e, i) => (i === last ? { ...e, id: 2 ** 31 } : e)) }),
      problem: "at most 2147483647",
      location: { eventId: 2 ** 31, path: `/events/${last}/id` },
    },
    {
      name: "arn-too-long.bundle.json",
      content: JSON.stringify({
        execution: { executionArn: `${bundleArn}${noise(3000)}`, status: "SUCCEEDED" },
        events: successEvents(),
      }),
      problem: "AWS ARNs have at most 256",
      location: { path: "/execution/executionArn" },
    },
    {
      name: "state-name-3000.json",
      content: JSON.stringify({
        events: withDetail(successEvents(), 1, "stateEnteredEventDetails", "name", noise(3000)),
      }),
      problem: "AWS state names have at most 80",
      location: { eventId: 2, path: "/events/1/stateEnteredEventDetails/name" },
    },
    {
      name: "timestamp-1199-bc.json",
      content: JSON.stringify({ events: successEvents().map((e, i) => (i === 3 ? { ...e, timestamp: -1e11 } : e)) }),
      problem: "ISO-8601",
      location: { eventId: 4, path: "/events/3/timestamp" },
    },
    {
      name: "25001-events.json",
      content: JSON.stringify({ events: passEvents(25_001) }),
      problem: "more than 25,000 events",
      location: { path: "/events/25000" },
    },
    {
      name: "payload-300k.json",
      content: JSON.stringify({
        events: withDetail(
          successEvents(),
          0,
          "executionStartedEventDetails",
          "input",
          JSON.stringify({ blob: "a".repeat(300_000) }),
        ),
      }),
      problem: "256 KiB",
      location: { eventId: 1, path: "/events/0/executionStartedEventDetails/input" },
    },
    {
      name: "two-started.json",
      content: JSON.stringify({ events: twice }),
      problem: "a second ExecutionStarted",
      location: { eventId: 2, path: "/events/1/type" },
    },
    {
      name: "after-the-end.json",
      content: JSON.stringify({ events: ended }),
      problem: "after the execution ended at event 11",
      location: { eventId: 12, path: "/events/11/type" },
    },
    {
      name: "status-contradicts.bundle.json",
      content: bundle(successEvents(), { status: "FAILED" }),
      problem: "status FAILED contradicts the events",
      location: { path: "/execution/status" },
    },
    { name: "not-utf8.json", content: utf8, problem: "not UTF-8: byte 0xFF", location: { line: 1 } },
    {
      name: "deep.json",
      content: `{"events": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
      problem: "nested deeper than 64 levels",
      location: { line: 1, column: 75 },
    },
    {
      name: "two-executions.jsonl",
      content: [...jsonl.slice(0, -1), badLine].join("\n"),
      problem: "NUL",
      location: { line: jsonl.length, path: "/details/name" },
    },
  ];
}
