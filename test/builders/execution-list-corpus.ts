import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { runExampleExecutions } from "@/lib/examples/run-example-executions";
import { deriveHistory } from "@/lib/history/derive-history";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { executionListParamsSchema, type ExecutionListParams } from "@/lib/queries/execution-list-params";
import { storeExecution } from "@/lib/store/store-execution";
import { createTestDatabase, type TestDatabase } from "../db";
import { buildExecutionHistory } from "./execution-history";

// The executions list's test corpus (lib/queries/list-executions*.test.ts, execution-detail-reads.test.ts):
// 60 demo executions, five uploads of one state machine at known times, a Map execution with
// failed iterations and a failure whose cause holds LIKE's pattern characters; and the oracle
// that reads every stored execution directly.

export const NOW = new Date("2025-06-01T12:00:00.000Z");
export const hour = 3_600_000;
export const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

/** A failure whose cause holds the characters LIKE treats as patterns. */
const diskFullEvents = [
  {
    id: 1,
    previousEventId: 0,
    timestamp: ago(5 * hour),
    type: "ExecutionStarted",
    executionStartedEventDetails: { input: "{}", roleArn: "arn:aws:iam::123456789012:role/r" },
  },
  {
    id: 2,
    previousEventId: 1,
    timestamp: ago(5 * hour - 1000),
    type: "ExecutionFailed",
    executionFailedEventDetails: { error: "Disk.Full", cause: "volume 100% used at C:\\tmp\\lib_data" },
  },
];

/** Uploaded executions of one state machine, at known times, two failing with the builder's cause. */
export const uploads = [
  { name: "upload-a", startDate: ago(0.5 * hour), status: "SUCCEEDED" },
  { name: "upload-b", startDate: ago(3 * hour), status: "FAILED" },
  { name: "upload-c", startDate: ago(50 * hour), status: "RUNNING" },
  { name: "upload-d", startDate: ago(20 * 24 * hour), status: "FAILED" },
  { name: "upload-e", startDate: ago(40 * 24 * hour), status: "SUCCEEDED" },
] as const;
export const arnOfUpload = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:Billing:${name}`;

export interface Stored {
  readonly id: bigint;
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly startDate: number;
  readonly stopDate: number | null;
  readonly durationMs: number | null;
  readonly error: string | null;
  readonly cause: string | null;
  readonly rootCauseState: string | null;
  readonly stateMachine: string;
  readonly source: string;
}

/** Every stored execution, read directly: the oracle the list is checked against. */
export async function storedExecutions(db: TestDatabase): Promise<Stored[]> {
  const { rows } = await db.pool.query<{
    id: string;
    arn: string;
    name: string;
    status: string;
    start_date: Date;
    stop_date: Date | null;
    duration_ms: string | null;
    error: string | null;
    cause: string | null;
    root_cause_state: string | null;
    machine: string;
    source: string;
  }>(
    `SELECT e.id::text AS id, e.execution_arn AS arn, e.name, e.status::text AS status, e.start_date, e.stop_date,
            e.duration_ms::text AS duration_ms, e.error, e.cause, e.root_cause_state, m.name AS machine, s.name AS source
       FROM executions e JOIN state_machines m ON m.id = e.state_machine_id JOIN sources s ON s.id = e.source_id`,
  );
  return rows.map((r) => ({
    id: BigInt(r.id),
    executionArn: r.arn,
    name: r.name,
    status: r.status,
    startDate: r.start_date.getTime(),
    stopDate: r.stop_date?.getTime() ?? null,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    error: r.error,
    cause: r.cause,
    rootCauseState: r.root_cause_state,
    stateMachine: r.machine,
    source: r.source,
  }));
}

export const params = (input: Record<string, unknown>): ExecutionListParams =>
  executionListParamsSchema.parse({ pageSize: 500, ...input });
export const arns = (rows: readonly { executionArn: string }[]) => rows.map((r) => r.executionArn).sort();

/** What the corpus stored, filled in before the first test runs. */
export interface ExecutionListCorpus {
  db: TestDatabase;
  mapExecutionArn: string;
  demoArn: string;
  diskFullArn: string;
}

/** Registers the hooks that store the corpus in a database of its own and drop it afterwards. */
export function useExecutionListCorpus(): ExecutionListCorpus {
  const corpus: ExecutionListCorpus = {
    db: undefined as unknown as TestDatabase,
    mapExecutionArn: "",
    demoArn: "",
    diskFullArn: "",
  };
  beforeAll(async () => {
    corpus.db = await createTestDatabase();
    for (const parsed of await runExampleExecutions({ seed: 4242, count: 60, now: NOW })) {
      await storeExecution(corpus.db, parsed, deriveHistory(parsed.events), { kind: "DEMO", name: "demo" });
    }
    for (const u of uploads) {
      const { parsed, derived } = buildExecutionHistory({
        name: u.name,
        stateMachineName: "Billing",
        startDate: u.startDate,
        status: u.status,
        tasks: 3,
        retryEvery: 2,
      });
      await storeExecution(corpus.db, parsed, derived, { kind: "UPLOAD", name: "uploads" });
    }
    const mapText = readFileSync(
      path.resolve(__dirname, "../../test/fixtures/histories/map-failed-iterations.json"),
      "utf8",
    );
    const imported = await importHistoryText(corpus.db, mapText, {
      fileName: "map-failed-iterations.json",
      source: { kind: "UPLOAD", name: "uploads" },
    });
    corpus.mapExecutionArn = imported.executions[0]?.executionArn ?? "";
    const diskFull = await importHistoryText(corpus.db, JSON.stringify({ events: diskFullEvents }), {
      fileName: "disk-full.json",
      source: { kind: "UPLOAD", name: "uploads" },
    });
    corpus.diskFullArn = diskFull.executions[0]?.executionArn ?? "";
    const { rows } = await corpus.db.pool.query<{ arn: string }>(
      "SELECT e.execution_arn AS arn FROM executions e JOIN sources s ON s.id = e.source_id WHERE s.name = 'demo' AND e.status = 'FAILED' ORDER BY e.start_date LIMIT 1",
    );
    corpus.demoArn = rows[0]?.arn ?? "";
  }, 120_000);

  afterAll(async () => {
    await corpus.db?.drop();
  });
  return corpus;
}
