import { describe, expect, it } from "vitest";
import { getStoredEvents } from "@/lib/ingest/aws-standard/stored-history";
import { configureFakeActions } from "@/test/fake-aws/fake-action-operations";
import { getExecutionActions } from "./get-execution-actions";
import { redriveAwsExecution } from "./redrive-aws-execution";
import { stopAwsExecution } from "./stop-aws-execution";
import {
  db,
  fake,
  now,
  aws,
  operator,
  given,
  auditRows,
  row,
  callsOf,
  rejection,
  useAwsActionsWorld,
} from "../../test/builders/aws-actions-world";

// Redrive, the actions an execution allows, and stop, against the in-repo fake AWS. Replay: ./replay-aws-actions.test.ts.

useAwsActionsWorld();

describe("redriveAwsExecution", () => {
  it("redrives a failed execution with a client token and fetches it again: the new attempt follows the old one", async () => {
    const [arn] = await given({ name: "failed-1", status: "FAILED" });
    const before = await getStoredEvents(db.pool, arn!);
    expect(before.at(-1)?.type).toBe("ExecutionFailed");

    const result = await redriveAwsExecution(db, operator, arn!, { ...aws, now, clientToken: "token-1" });

    expect(result).toMatchObject({ outcome: "OK", executionArn: arn, resultExecutionArn: arn, refreshed: true });
    expect(callsOf("RedriveExecution").map((c) => c.body)).toEqual([{ executionArn: arn, clientToken: "token-1" }]);
    const after = await getStoredEvents(db.pool, arn!);
    expect(after.slice(0, before.length)).toEqual(before);
    const added = after.slice(before.length).map((e) => e.type);
    expect(added[0]).toBe("ExecutionRedriven");
    expect(added).toContain("TaskStateEntered");
    expect(added.at(-1)).toBe("ExecutionSucceeded");
    expect(await row(arn!)).toMatchObject({ status: "SUCCEEDED", redrive_count: 1 });
    expect(await auditRows(arn!)).toEqual([
      expect.objectContaining({
        action: "execution.redrive",
        outcome: "OK",
        actor: "olga",
        result_execution_arn: arn,
        details: expect.objectContaining({ clientToken: "token-1" }),
      }),
    ]);
  });

  it("refuses a succeeded execution with its reason, audited REFUSED, without calling AWS", async () => {
    const [arn] = await given({ name: "ok-1", status: "SUCCEEDED" });
    const error = await rejection(redriveAwsExecution(db, operator, arn!, { ...aws, now }));
    expect(error.code).toBe("conflict");
    expect(error.message).toBe("The execution succeeded: there is nothing to redrive");
    expect(callsOf("RedriveExecution")).toHaveLength(0);
    expect(await auditRows(arn!)).toEqual([
      expect.objectContaining({
        outcome: "REFUSED",
        details: expect.objectContaining({ reasons: [expect.objectContaining({ code: "succeeded" })] }),
      }),
    ]);
  });

  it("refuses past the 14-day window with the number of days", async () => {
    const [arn] = await given({ name: "old-1", status: "FAILED" });
    const error = await rejection(
      redriveAwsExecution(db, operator, arn!, { ...aws, now: new Date("2024-04-10T00:00:00Z") }),
    );
    expect(error.message).toBe("The execution closed 23 days ago; AWS allows a redrive within 14 days of the close");
  });

  it("records AWS's own refusal (ExecutionNotRedrivable) as REFUSED with AWS's message", async () => {
    const [arn] = await given({ name: "stale-1", status: "FAILED" });
    // The store still says REDRIVABLE, but by AWS's clock the window has passed.
    configureFakeActions(fake.state, { now: () => new Date("2024-04-10T00:00:00Z") });
    const error = await rejection(redriveAwsExecution(db, operator, arn!, { ...aws, now }));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("ExecutionNotRedrivable");
    expect(error.message).toContain("closed more than 14 days ago");
    expect((await auditRows(arn!)).map((r) => [r.outcome, r.details["awsError"]])).toEqual([
      ["REFUSED", "ExecutionNotRedrivable"],
    ]);
  });

  it("records a throttled call that never gets through as FAILED (502) after its retries", async () => {
    const [arn] = await given({ name: "throttled-1", status: "FAILED" });
    fake.faults.push({ op: "RedriveExecution", kind: "throttle", times: 10 });
    const error = await rejection(redriveAwsExecution(db, operator, arn!, { ...aws, now }));
    expect(error.code).toBe("bad_gateway");
    expect(error.message).toBe("states:RedriveExecution failed (after retries): ThrottlingException: Rate exceeded");
    expect(callsOf("RedriveExecution")).toHaveLength(4);
    expect((await auditRows(arn!)).map((r) => r.outcome)).toEqual(["FAILED"]);
    expect(await row(arn!)).toMatchObject({ status: "FAILED", redrive_count: 0 });
  });

  it("answers 404 for an execution that is not stored", async () => {
    const error = await rejection(
      redriveAwsExecution(db, operator, "arn:aws:states:us-east-1:123456789012:execution:M:nope", { ...aws, now }),
    );
    expect(error.code).toBe("not_found");
  });
});

describe("getExecutionActions", () => {
  it("says which actions a stored execution allows, with the reasons of the others", async () => {
    const [failed, running] = await given(
      { name: "f-1", status: "FAILED" },
      { name: "r-1", status: "RUNNING", start: "2024-03-18T00:00:00.000Z" },
    );
    const ofFailed = await getExecutionActions(db, failed!, now);
    expect(ofFailed).toMatchObject({
      sourceKind: "AWS",
      status: "FAILED",
      redrive: { allowed: true },
      replay: { allowed: true },
      stop: { allowed: false },
    });
    const ofRunning = await getExecutionActions(db, running!, now);
    expect(ofRunning.stop).toEqual({ allowed: true });
    expect(ofRunning.redrive).toEqual({ allowed: false, reasons: [expect.objectContaining({ code: "not-closed" })] });
  });
});

describe("stopAwsExecution", () => {
  it("stops a running execution with error and cause and fetches it again", async () => {
    const [arn] = await given({ name: "running-1", status: "RUNNING" });
    const result = await stopAwsExecution(
      db,
      operator,
      arn!,
      { error: "Operator.Stop", cause: "stuck on a partner API" },
      aws,
    );
    expect(result).toMatchObject({ outcome: "OK", refreshed: true });
    expect(callsOf("StopExecution").map((c) => c.body)).toEqual([
      { executionArn: arn, error: "Operator.Stop", cause: "stuck on a partner API" },
    ]);
    expect(await row(arn!)).toMatchObject({
      status: "ABORTED",
      error: "Operator.Stop",
      cause: "stuck on a partner API",
    });
    expect((await getStoredEvents(db.pool, arn!)).at(-1)?.type).toBe("ExecutionAborted");
    expect(await auditRows(arn!)).toEqual([
      expect.objectContaining({
        action: "execution.stop",
        outcome: "OK",
        details: expect.objectContaining({ error: "Operator.Stop" }),
      }),
    ]);
  });

  it("refuses an execution that is not running", async () => {
    const [arn] = await given({ name: "done-1", status: "FAILED" });
    const error = await rejection(stopAwsExecution(db, operator, arn!, {}, aws));
    expect(error.message).toBe("The execution is FAILED: only a RUNNING execution can be stopped");
    expect(callsOf("StopExecution")).toHaveLength(0);
  });
});
