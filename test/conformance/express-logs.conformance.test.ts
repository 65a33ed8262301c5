import { describe, expect, it } from "vitest";
import { createVirtualClock } from "@/lib/asl/clock";
import { executeStateMachine } from "@/lib/asl/execute-state-machine";
import { EXPRESS_MAX_DURATION_MS } from "@/lib/asl/express/express-execution";
import { expressLogLines, toExpressLogRecords, type LogLevel } from "@/lib/asl/express/express-log-records";
import { createSeededRandom } from "@/lib/asl/seeded-random";
import type { AslHistoryEvent, StateMachineDefinition } from "@/lib/asl/types";
import { parseExpressLogRecords } from "@/lib/history/parse-express-log-records";
import type { HistoryEvent } from "@/lib/history/types";
import { conformanceDir, loadConformanceCases, toAwsHistory, type Case } from "./denormalize";
import { diffHistories, type ComparableCase } from "./interpreter-compare";

type LogCase = Case & ComparableCase & { readonly replacements?: readonly (readonly [string, string])[] };

const dir = conformanceDir();
// `logs.logs.<test>__<template>.json5_<LEVEL>_<includeExecutionData>`: recorded on AWS with that logging configuration.
const cases = loadConformanceCases()
  .filter((c) => c.name.startsWith("logs.logs.") && c.split === "dev" && c.definition !== undefined)
  .map((c) => ({ c: c as LogCase, match: /_(ALL|ERROR|FATAL|OFF)_(True|False)$/.exec(c.name) }))
  .filter((x): x is { c: LogCase; match: RegExpExecArray } => x.match !== null)
  .map(({ c, match }) => ({ c, level: match[1] as LogLevel, data: match[2] === "True" }));

if (dir === null)
  describe("Express logs conformance", () => {
    console.warn("shared/conformance not found: Express logs conformance suite skipped");
    it.skip("shared/conformance not found: Express logs conformance suite skipped", () => {});
  });

const roleOf = (c: LogCase): string | undefined => c.replacements?.find(([, p]) => p === "snf_role_arn")?.[0];
const day = (c: LogCase): string => {
  const m = /^(\d{2})-(\d{2})-(\d{4})/.exec((c.source as { recorded_date?: string }).recorded_date ?? "");
  return m === null ? "2024-06-10" : `${m[3]}-${m[2]}-${m[1]}`;
};

/** What a parsed log holds, timing and ARNs aside: ids, links, types and which details each event carries. */
const shape = (events: readonly HistoryEvent[]) =>
  events.map((e) => {
    const [key, details] = Object.entries(e).find(([k]) => k.endsWith("EventDetails")) ?? [];
    return { id: e.id, previous: e.previousEventId, type: e.type, key, fields: Object.keys(details ?? {}).sort() };
  });

function asLog(arn: string, events: readonly AslHistoryEvent[], level: LogLevel, data: boolean): HistoryEvent[] {
  const lines = expressLogLines(toExpressLogRecords(arn, events, { level, includeExecutionData: data }));
  return lines === "" ? [] : (parseExpressLogRecords(lines, "log.jsonl")[0]?.events ?? []).slice();
}

if (dir !== null)
  describe("Express logs conformance: a local Express run against AWS's recordings with each logging configuration", () => {
    it("has the logs cases", () => {
      expect(cases.length).toBeGreaterThanOrEqual(18);
    });

    it.each(cases.map((x) => [x.c.name, x] as const))("%s", async (_name, { c, level, data }) => {
      const role = roleOf(c);
      const result = await executeStateMachine({
        definition: c.definition as StateMachineDefinition,
        input: c.input_string,
        stateMachineName: "Recorded",
        executionName: "conformance",
        type: "EXPRESS",
        executionId: "00000000-0000-4000-8000-000000000000",
        ...(role === undefined ? {} : { roleArn: role }),
        clock: createVirtualClock(Date.now()),
        invoker: { invoke: () => Promise.resolve(null) },
        random: createSeededRandom(1),
        awsBehaviourAsOf: day(c),
        maxDurationMs: EXPRESS_MAX_DURATION_MS,
      });
      // The run's history is AWS's, event for event.
      expect(diffHistories(c, result.events as unknown as Record<string, unknown>[])).toBeNull();
      // As the case's logging configuration would log it, local and AWS's agree through the import parser.
      const recorded = toAwsHistory(c).events as AslHistoryEvent[];
      const local = asLog(result.executionArn, result.events, level, data);
      const aws = asLog(result.executionArn, recorded, level, data);
      expect(shape(local)).toEqual(shape(aws));
      expect(local.every((e) => level === "ALL" || e.type !== "ExecutionStarted")).toBe(true);
      if (level === "OFF") expect(local).toEqual([]);
    });
  });
