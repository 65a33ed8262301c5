import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/actor";
import { syncAwsSource } from "@/lib/ingest/sync-aws-source";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { configureFakeActions } from "@/test/fake-aws/fake-action-operations";
import { addExecutionsToFake } from "@/test/fake-aws/fake-aws-fixtures";
import { startFakeAws, type FakeAws } from "@/test/fake-aws/fake-aws-server";

// The AWS actions' tests: a database, a fake AWS started afresh for each test with an AWS source
// pointed at it, executions synced from it, and readers of what the actions stored and audited.

export let db: TestDatabase;
export let fake: FakeAws;
export let sourceId: number;
export const now = new Date("2024-03-20T00:00:00Z");
export const credentials = { accessKeyId: "AKIDTEST", secretAccessKey: "secret" };
export const aws = { credentials, retry: { baseBackoffMs: 5, maxBackoffMs: 20, maxRetries: 3 } };
export const operator: Actor = { userId: null, name: "olga", role: "operator", via: "session" };

/** Executions in the fake, synced into the store. */
export async function given(...specs: { name: string; status: "SUCCEEDED" | "FAILED" | "RUNNING"; start?: string }[]) {
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

export const auditRows = async (arn: string) =>
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
export const row = async (arn: string) =>
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
export const callsOf = (op: string) => fake.calls.filter((c) => c.op === op);

export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** The fake AWS started again on the same state, refusing `deniedActions` (the source still points at the old URL). */
export async function restartFake(deniedActions: string[]): Promise<void> {
  await fake.close();
  fake = await startFakeAws({ state: fake.state, deniedActions });
}

/** Registers the hooks every test file of this suite needs (setup, teardown, per-test state). */
export function useAwsActionsWorld(): void {
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
}
