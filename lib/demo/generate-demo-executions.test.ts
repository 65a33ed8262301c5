import { describe, expect, test } from "vitest";
import type { HistoryEvent } from "@/lib/history/types";
import { generateDemoExecutions, generateDemoRuns } from "./generate-demo-executions";
import { getEventDetails, getHistoryShapeProblems, getTerminalStatus } from "./get-history-shape-problems";
import { demoWorkflowNames, getDemoWorkflows } from "./workflows";

const now = new Date("2025-06-01T12:00:00.000Z");
const runs = generateDemoRuns({ seed: 42, count: 200, now });

function details(event: HistoryEvent | undefined): Readonly<Record<string, unknown>> {
  return event === undefined ? {} : (getEventDetails(event)[0]?.[1] ?? {});
}

describe("generateDemoExecutions", () => {
  test("the same seed yields identical executions, another seed different ones", () => {
    const again = generateDemoExecutions({ seed: 42, count: 200, now });
    expect(again).toEqual(runs.map((run) => run.execution));
    const other = generateDemoExecutions({ seed: 43, count: 200, now });
    expect(other.map((e) => e.identity.executionArn)).not.toEqual(again.map((e) => e.identity.executionArn));
  });

  test("every history numbers its events from 1 and points each one at an earlier cause", () => {
    for (const { execution } of runs) {
      expect(getHistoryShapeProblems(execution.events), execution.identity.executionArn).toEqual([]);
    }
  });

  test("each execution's terminal event says the intended status and error", () => {
    for (const run of runs) {
      const last = run.execution.events[run.execution.events.length - 1];
      expect(getTerminalStatus(run.execution.events), run.execution.identity.name).toBe(run.expectedStatus);
      if (run.expectedError !== null) expect(details(last)["error"]).toBe(run.expectedError);
    }
  });

  test("over 200 executions the mix holds every status, mostly successes, two running, one timed out and one aborted", () => {
    const count = (status: string) => runs.filter((run) => run.expectedStatus === status).length;
    expect(count("SUCCEEDED")).toBeGreaterThan(140);
    expect(count("FAILED")).toBeGreaterThan(10);
    expect(count("RUNNING")).toBe(2);
    expect(count("TIMED_OUT")).toBe(1);
    expect(count("ABORTED")).toBe(1);
    expect(new Set(runs.map((run) => run.plan.workflow))).toEqual(new Set(demoWorkflowNames));
    const errors = new Set(runs.map((run) => run.expectedError));
    for (const error of ["Order.PaymentFailed", "Lambda.ServiceException", "States.Timeout", "Pipeline.ImageFailed"]) {
      expect(errors).toContain(error);
    }
  });

  test("executions start in the 14 days before now, oldest first, and no event is later than now", () => {
    const starts = runs.map((run) => Date.parse(run.execution.events[0]?.timestamp ?? ""));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(now.getTime() - 15 * 86_400_000);
    const latest = Math.max(...runs.flatMap((run) => run.execution.events.map((e) => Date.parse(e.timestamp))));
    expect(latest).toBeLessThanOrEqual(now.getTime());
    const lastDay = starts.filter((start) => start > now.getTime() - 86_400_000).length;
    const firstDay = starts.filter((start) => start < now.getTime() - 13 * 86_400_000).length;
    expect(lastDay).toBeGreaterThan(firstDay);
  });

  test("the nightly report runs once a night, just after 02:00 UTC", () => {
    const nights = runs
      .filter((run) => run.plan.workflow === "nightly-report")
      .map((run) => run.execution.events[0]?.timestamp ?? "");
    expect(nights.length).toBeGreaterThan(3);
    expect(new Set(nights.map((t) => t.slice(0, 10))).size).toBe(nights.length);
    for (const t of nights) expect(t.slice(11, 16)).toBe("02:00");
  });

  test("retries are scheduled after a failure, and a caught failure exits its state", () => {
    const events = runs.flatMap((run) => run.execution.events.map((event) => ({ event, events: run.execution.events })));
    const retried = events.filter(({ event, events: all }) => event.type === "TaskScheduled" && all[event.previousEventId - 1]?.type === "TaskFailed");
    expect(retried.length).toBeGreaterThan(0);
    const declined = runs.find((run) => run.plan.workflow === "order-processing" && run.plan.scenario === "payment-declined");
    const types = declined?.execution.events.map((event) => event.type) ?? [];
    expect(types.filter((type) => type === "TaskFailed")).toHaveLength(3);
    expect(types.slice(-3)).toEqual(["TaskStateExited", "FailStateEntered", "ExecutionFailed"]);
  });

  test("parallel branches and map iterations chain back to their own start event", () => {
    for (const { execution } of runs) {
      const { events } = execution;
      for (const event of events) {
        const prev = events[event.previousEventId - 1];
        if (event.type === "MapIterationStarted") {
          expect(["MapStateStarted", "MapIterationSucceeded", "MapIterationFailed"]).toContain(prev?.type);
        }
        if (prev?.type === "ParallelStateStarted") expect(event.type).toMatch(/StateEntered$/);
      }
      const started = events.find((event) => event.type === "MapStateStarted");
      const terminal = getTerminalStatus(events);
      if (started !== undefined && terminal === "SUCCEEDED") {
        const iterations = events.filter((event) => event.type === "MapIterationSucceeded").length;
        expect(iterations).toBe(details(started)["length"]);
      }
      if (events.some((event) => event.type === "ParallelStateStarted")) {
        const branchStarts = events.filter((event) => events[event.previousEventId - 1]?.type === "ParallelStateStarted");
        expect(branchStarts).toHaveLength(3);
      }
    }
  });

  test("a failed map iteration aborts the iterations still in flight before the map fails", () => {
    const failed = runs.filter((run) => run.plan.workflow === "image-pipeline" && run.plan.scenario === "iteration-failed");
    expect(failed.length).toBeGreaterThan(0);
    for (const run of failed) {
      const types = run.execution.events.map((event) => event.type);
      expect(types).toContain("MapIterationFailed");
      expect(types.indexOf("MapStateFailed")).toBeGreaterThan(types.lastIndexOf("MapIterationAborted"));
    }
  });

  test("ARNs look like AWS's for Standard and Express executions", () => {
    for (const { execution } of runs) {
      const { identity } = execution;
      const pattern =
        identity.type === "EXPRESS"
          ? /^arn:aws:states:us-east-1:123456789012:express:user-signup:[\w-]+:[0-9a-f-]{36}$/
          : /^arn:aws:states:us-east-1:123456789012:execution:[a-z-]+:[\w-]+$/;
      expect(identity.executionArn).toMatch(pattern);
      expect(identity.stateMachineArn).toBe(`arn:aws:states:us-east-1:123456789012:stateMachine:${identity.stateMachineName}`);
      expect(execution.stateMachine?.definition).toContain('"StartAt"');
    }
  });

  test("task events carry resource type, resource, region and string parameters", () => {
    const scheduled = runs.flatMap((run) => run.execution.events).filter((event) => event.type === "TaskScheduled");
    for (const event of scheduled) {
      const d = details(event);
      expect(typeof d["resourceType"]).toBe("string");
      expect(typeof d["resource"]).toBe("string");
      expect(d["region"]).toBe("us-east-1");
      expect(typeof d["parameters"]).toBe("string");
    }
    expect(scheduled.some((event) => details(event)["resourceType"] === "lambda" && details(event)["resource"] === "invoke")).toBe(true);
  });
});

describe("demo workflows", () => {
  test("every definition's StartAt and Next name one of its states", () => {
    const workflows = getDemoWorkflows({ region: "eu-west-1", accountId: "111122223333" });
    for (const name of demoWorkflowNames) {
      const parsed: unknown = JSON.parse(workflows[name].definitionText);
      for (const machine of collectMachines(parsed)) {
        const states = Object.keys(machine.States);
        expect(states).toContain(machine.StartAt);
        for (const state of Object.values(machine.States)) {
          for (const next of nextsOf(state)) expect(states, `${name}`).toContain(next);
        }
      }
    }
  });
});

interface Machine {
  StartAt: string;
  States: Record<string, unknown>;
}

function collectMachines(node: unknown): Machine[] {
  if (typeof node !== "object" || node === null) return [];
  const children = Object.values(node).flatMap(collectMachines);
  return "StartAt" in node && "States" in node ? [node as Machine, ...children] : children;
}

function nextsOf(state: unknown): string[] {
  if (typeof state !== "object" || state === null) return [];
  const found: string[] = [];
  const record = state as Record<string, unknown>;
  if (typeof record["Next"] === "string") found.push(record["Next"]);
  if (typeof record["Default"] === "string") found.push(record["Default"]);
  for (const key of ["Choices", "Catch"]) {
    const list = record[key];
    if (Array.isArray(list)) for (const item of list) found.push(...nextsOf(item));
  }
  return found;
}
