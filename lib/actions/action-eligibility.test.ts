import { describe, expect, it } from "vitest";
import type { ActionTarget } from "./action-target";
import { getRedriveEligibility } from "./redrive-eligibility";
import { getReplayEligibility } from "./replay-eligibility";
import { getReplayName } from "./replay-name";
import { getStopEligibility } from "./stop-eligibility";

const now = new Date("2024-03-20T00:00:00Z");
const failed: ActionTarget = {
  id: 1n,
  executionArn: "arn:aws:states:us-east-1:123456789012:execution:M:e1",
  name: "e1",
  stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:M",
  sourceId: 1,
  sourceName: "prod",
  sourceKind: "AWS",
  type: "STANDARD",
  status: "FAILED",
  startDate: new Date("2024-03-17T11:10:40Z"),
  stopDate: new Date("2024-03-17T11:11:40Z"),
  eventCount: 20,
  redriveStatus: "REDRIVABLE",
  redriveStatusReason: null,
  redriveCount: 0,
  input: "{}",
  inputTruncated: false,
};
const codes = (e: ReturnType<typeof getRedriveEligibility>) => (e.allowed ? [] : e.reasons.map((r) => r.code));

describe("getRedriveEligibility", () => {
  it("allows a failed, timed out or aborted Standard AWS execution closed within 14 days", () => {
    for (const status of ["FAILED", "TIMED_OUT", "ABORTED"] as const) {
      expect(getRedriveEligibility({ ...failed, status }, now)).toEqual({ allowed: true });
    }
  });

  it("refuses a succeeded execution, saying there is nothing to redrive", () => {
    const result = getRedriveEligibility({ ...failed, status: "SUCCEEDED", redriveStatus: "NOT_REDRIVABLE" }, now);
    expect(result).toEqual({
      allowed: false,
      reasons: [{ code: "succeeded", message: "The execution succeeded: there is nothing to redrive" }],
    });
  });

  it("refuses a running execution and one waiting for a redrive", () => {
    expect(codes(getRedriveEligibility({ ...failed, status: "RUNNING", stopDate: null }, now))).toEqual(["not-closed"]);
    expect(codes(getRedriveEligibility({ ...failed, status: "PENDING_REDRIVE" }, now))).toEqual(["not-closed"]);
  });

  it("refuses past 14 days after the close and names how many days it has been", () => {
    const result = getRedriveEligibility({ ...failed, stopDate: new Date("2024-03-05T23:00:00Z") }, now);
    expect(result.allowed).toBe(false);
    if (!result.allowed) expect(result.reasons[0]?.message).toContain("closed 14 days ago");
    expect(getRedriveEligibility({ ...failed, stopDate: new Date("2024-03-06T00:00:00Z") }, now).allowed).toBe(true);
  });

  it("refuses executions started before 2023-11-15", () => {
    const result = getRedriveEligibility(
      { ...failed, startDate: new Date("2023-11-14T23:59:59Z"), stopDate: new Date("2024-03-19T00:00:00Z") },
      now,
    );
    expect(codes(result)).toEqual(["too-early"]);
    expect(getRedriveEligibility({ ...failed, startDate: new Date("2023-11-15T00:00:00Z") }, now).allowed).toBe(true);
  });

  it("refuses a history of 24,999 events or more", () => {
    expect(codes(getRedriveEligibility({ ...failed, eventCount: 24_999 }, now))).toEqual(["too-many-events"]);
    expect(getRedriveEligibility({ ...failed, eventCount: 24_998 }, now).allowed).toBe(true);
  });

  it("refuses Express executions and executions of other sources", () => {
    expect(codes(getRedriveEligibility({ ...failed, type: "EXPRESS" }, now))).toEqual(["express"]);
    expect(codes(getRedriveEligibility({ ...failed, sourceKind: "LOCAL" }, now))).toEqual(["local-execution"]);
    expect(codes(getRedriveEligibility({ ...failed, sourceKind: "UPLOAD" }, now))).toEqual(["uploaded"]);
    expect(codes(getRedriveEligibility({ ...failed, sourceKind: "DEMO" }, now))).toEqual(["demo"]);
  });

  it("gives AWS's own verdict when only DescribeExecution knows why, with its reason", () => {
    const byMapRun = getRedriveEligibility(
      { ...failed, redriveStatus: "REDRIVABLE_BY_MAP_RUN", redriveStatusReason: "Map Run child" },
      now,
    );
    expect(byMapRun).toEqual({
      allowed: false,
      reasons: [
        {
          code: "by-map-run",
          message: "This is a Distributed Map child: redrive the parent's Map Run instead (Map Run child)",
        },
      ],
    });
    const not = getRedriveEligibility(
      { ...failed, redriveStatus: "NOT_REDRIVABLE", redriveStatusReason: "Execution is ABORTED by a parent" },
      now,
    );
    expect(not).toEqual({
      allowed: false,
      reasons: [{ code: "not-redrivable", message: "AWS says it is not redrivable: Execution is ABORTED by a parent" }],
    });
  });

  it("lists every rule that fails, not only the first", () => {
    expect(
      codes(getRedriveEligibility({ ...failed, type: "EXPRESS", status: "SUCCEEDED", eventCount: 30_000 }, now)),
    ).toEqual(["express", "succeeded", "too-many-events"]);
  });
});

describe("getStopEligibility", () => {
  it("allows only a running Standard AWS execution", () => {
    expect(getStopEligibility({ ...failed, status: "RUNNING" })).toEqual({ allowed: true });
    expect(getStopEligibility(failed)).toEqual({
      allowed: false,
      reasons: [{ code: "not-running", message: "The execution is FAILED: only a RUNNING execution can be stopped" }],
    });
    expect(codes(getStopEligibility({ ...failed, status: "RUNNING", type: "EXPRESS" }))).toEqual(["express"]);
    expect(codes(getStopEligibility({ ...failed, status: "RUNNING", sourceKind: "LOCAL" }))).toEqual([
      "local-execution",
    ]);
  });
});

describe("getReplayEligibility", () => {
  it("allows a Standard AWS execution with its whole input stored, whatever its status", () => {
    expect(getReplayEligibility({ ...failed })).toEqual({ allowed: true });
    expect(getReplayEligibility({ ...failed, status: "SUCCEEDED" } as ActionTarget)).toEqual({ allowed: true });
  });

  it("refuses without the input or with a truncated one", () => {
    expect(codes(getReplayEligibility({ ...failed, input: null }))).toEqual(["no-input"]);
    expect(codes(getReplayEligibility({ ...failed, inputTruncated: true }))).toEqual(["input-truncated"]);
  });
});

describe("getReplayName", () => {
  it("appends the suffix and cuts the name so the whole fits in 80 characters", () => {
    expect(getReplayName("order-1", "-replay-1")).toBe("order-1-replay-1");
    const long = getReplayName("x".repeat(80), "-replay-20240320");
    expect(long).toHaveLength(80);
    expect(long.endsWith("-replay-20240320")).toBe(true);
  });

  it("replaces characters AWS refuses in names", () => {
    expect(getReplayName("a b:c/d", "-r")).toBe("a_b_c_d-r");
  });
});
