import { describe, expect, it } from "vitest";
import { configureFakeActions } from "@/test/fake-aws/fake-action-operations";
import { getExecutionLineage } from "./get-execution-lineage";
import { replayAwsExecution } from "./replay-aws-execution";
import {
  db,
  fake,
  sourceId,
  aws,
  operator,
  given,
  auditRows,
  row,
  callsOf,
  rejection,
  restartFake,
  useAwsActionsWorld,
} from "../../test/builders/aws-actions-world";

// Replay of an AWS execution against the in-repo fake AWS: names, idempotency, lineage and AWS's refusals.

useAwsActionsWorld();

describe("replayAwsExecution", () => {
  it("starts the same state machine with the same input under a suffixed name, stores it and records the lineage", async () => {
    const [arn] = await given({ name: "order-7", status: "FAILED" });
    const original = await row(arn!);
    const result = await replayAwsExecution(db, operator, arn!, { mode: "aws", nameSuffix: "-replay-1" }, aws);

    const replayArn = arn!.replace(/order-7$/, "order-7-replay-1");
    expect(result).toMatchObject({
      outcome: "OK",
      resultExecutionArn: replayArn,
      refreshed: true,
      aws: { alreadyStarted: false },
    });
    expect(callsOf("StartExecution")[0]?.body).toEqual({
      stateMachineArn: arn!.replace(":execution:", ":stateMachine:").replace(/:order-7$/, ""),
      name: "order-7-replay-1",
      input: original!.input,
    });
    expect(await row(replayArn)).toMatchObject({
      status: "SUCCEEDED",
      replay_of_execution_id: original!.id,
      input: original!.input,
    });
    expect(await auditRows(arn!)).toEqual([
      expect.objectContaining({ action: "execution.replay", outcome: "OK", result_execution_arn: replayArn }),
    ]);

    const ofOriginal = await getExecutionLineage(db.pool, arn!);
    expect(ofOriginal).toEqual({
      replayOf: null,
      replays: [expect.objectContaining({ executionArn: replayArn, name: "order-7-replay-1", status: "SUCCEEDED" })],
    });
    const ofReplay = await getExecutionLineage(db.pool, replayArn);
    expect(ofReplay).toEqual({
      replayOf: expect.objectContaining({ executionArn: arn, name: "order-7", status: "FAILED" }),
      replays: [],
    });
  });

  it("shows a replay that is started but not fetched yet from its audit row", async () => {
    const [arn] = await given({ name: "order-9", status: "FAILED" });
    fake.faults.push({ op: "GetExecutionHistory", kind: "access-denied", times: 1 });
    const result = await replayAwsExecution(db, operator, arn!, { mode: "aws", nameSuffix: "-r" }, aws);
    expect(result.refreshed).toBe(false);
    expect(result.refreshError).toContain("AccessDeniedException");
    const lineage = await getExecutionLineage(db.pool, arn!);
    expect(lineage.replays).toEqual([
      { executionArn: result.resultExecutionArn, name: "order-9-r", status: null, startDate: null, source: null },
    ]);
  });

  it("treats ExecutionAlreadyExists with the same input as its own earlier start (the name is the idempotency key)", async () => {
    const [arn] = await given({ name: "order-8", status: "FAILED" });
    await replayAwsExecution(db, operator, arn!, { mode: "aws", nameSuffix: "-again" }, aws);
    const second = await replayAwsExecution(db, operator, arn!, { mode: "aws", nameSuffix: "-again" }, aws);
    expect(second.aws.alreadyStarted).toBe(true);
    expect(fake.state.executions.filter((e) => e.name === "order-8-again")).toHaveLength(1);
  });

  it("refuses a replay whose name exists with another input", async () => {
    const [arn, other] = await given(
      { name: "a", status: "FAILED" },
      { name: "a-x", status: "SUCCEEDED", start: "2024-03-17T12:00:00.000Z" },
    );
    fake.state.executions.find((e) => e.executionArn === other)!.input = '{"different":true}';
    const error = await rejection(replayAwsExecution(db, operator, arn!, { mode: "aws", nameSuffix: "-x" }, aws));
    expect(error.code).toBe("conflict");
    expect(error.message).toContain("ExecutionAlreadyExists");
  });

  it("records AWS's open-execution limit (ExecutionLimitExceeded) as FAILED, without retrying it", async () => {
    const [arn] = await given({ name: "limited-1", status: "FAILED" });
    configureFakeActions(fake.state, { openExecutionLimit: 0 });
    const error = await rejection(replayAwsExecution(db, operator, arn!, { mode: "aws", nameSuffix: "-l" }, aws));
    expect(error.code).toBe("bad_gateway");
    expect(error.message).toBe(
      "states:StartExecution failed: ExecutionLimitExceeded: Maximum number of running executions reached",
    );
    expect(fake.calls.filter((c) => c.op === "StartExecution")).toHaveLength(1);
    expect((await auditRows(arn!)).map((r) => [r.outcome, r.details["awsError"]])).toEqual([
      ["FAILED", "ExecutionLimitExceeded"],
    ]);
  });

  it("records a denied StartExecution as FAILED and names the IAM action", async () => {
    await restartFake(["states:StartExecution"]);
    await db.pool.query("UPDATE sources SET endpoint = $2 WHERE id = $1", [sourceId, fake.url]);
    const [arn] = await given({ name: "denied-1", status: "FAILED" });
    const error = await rejection(replayAwsExecution(db, operator, arn!, { mode: "aws" }, aws));
    expect(error.code).toBe("bad_gateway");
    expect(error.message).toMatch(/^AWS refused states:StartExecution: AccessDeniedException/);
    expect((await auditRows(arn!)).map((r) => r.outcome)).toEqual(["FAILED"]);
  });
});
