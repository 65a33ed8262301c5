import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/actor";
import { syncAwsSource } from "@/lib/ingest/sync-aws-source";
import { getStoredEvents } from "@/lib/ingest/aws-standard/stored-history";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { configureFakeActions } from "@/test/fake-aws/fake-action-operations";
import { addExecutionsToFake } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";
import { getExecutionActions } from "./get-execution-actions";
import { getExecutionLineage } from "./get-execution-lineage";
import { redriveAwsExecution } from "./redrive-aws-execution";
import { replayAwsExecution } from "./replay-aws-execution";
import { stopAwsExecution } from "./stop-aws-execution";

let db: TestDatabase;
let fake: FakeAws;
let sourceId: number;
const now = new Date("2024-03-20T00:00:00Z");
const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };
const aws = { credentials, retry: { baseBackoffMs: 5, maxBackoffMs: 20, maxRetries: 3 } };
const operator: Actor = { userId: null, name: "olga", role: "operator", via: "session" };

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await fake.close();
  await db.drop();
});
beforeEach(async () => {
  await fake?.close();
  fake = await startFakeAws({ deniedActions: [] });
  configureFakeActions(fake.state, { now: () => now });
  const { rows } = await db.pool.query<{ id: number }>(
    "INSERT INTO sources (kind, name, region, endpoint, account_id) VALUES ('AWS', $1, 'us-east-1', $2, '123456789012') RETURNING id",
    [`aws-${Math.random().toString(36).slice(2)}`, fake.url],
  );
  sourceId = rows[0]!.id;
});

/** Executions in the fake, synced into the store. */
async function given(...specs: { name: string; status: "SUCCEEDED" | "FAILED" | "RUNNING"; start?: string }[]) {
  const machine = `M${sourceId}`;
  const added = addExecutionsToFake(
    fake.state,
    specs.map(
      (s) =>
        buildExecutionHistory({
          name: s.name,
          status: s.status,
          tasks: 2,
          stateMachineName: machine,
          startDate: s.start ?? "2024-03-17T11:10:40.000Z",
        }).parsed,
    ),
  );
  const synced = await syncAwsSource(db, sourceId, { credentials, now: () => now });
  expect(synced.status).toBe("done");
  return added.map((e) => e.executionArn);
}

const auditRows = async (arn: string) =>
  (
    await db.pool.query<{
      action: string;
      outcome: string;
      actor: string;
      details: Record<string, unknown>;
      result_execution_arn: string | null;
    }>(
      "SELECT action, outcome, actor, details, result_execution_arn FROM audit_logs WHERE target_id = $1 ORDER BY id",
      [arn],
    )
  ).rows;
const row = async (arn: string) =>
  (
    await db.pool.query<{
      id: string;
      status: string;
      redrive_count: number;
      replay_of_execution_id: string | null;
      error: string | null;
      cause: string | null;
      input: string | null;
    }>(
      "SELECT id, status, redrive_count, replay_of_execution_id, error, cause, input FROM executions WHERE execution_arn = $1",
      [arn],
    )
  ).rows[0];
const callsOf = (op: string) => fake.calls.filter((c) => c.op === op);

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

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
    await fake.close();
    fake = await startFakeAws({ state: fake.state, deniedActions: ["states:StartExecution"] });
    await db.pool.query("UPDATE sources SET endpoint = $2 WHERE id = $1", [sourceId, fake.url]);
    const [arn] = await given({ name: "denied-1", status: "FAILED" });
    const error = await rejection(replayAwsExecution(db, operator, arn!, { mode: "aws" }, aws));
    expect(error.code).toBe("bad_gateway");
    expect(error.message).toMatch(/^AWS refused states:StartExecution: AccessDeniedException/);
    expect((await auditRows(arn!)).map((r) => r.outcome)).toEqual(["FAILED"]);
  });
});
