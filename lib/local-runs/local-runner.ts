import type pg from "pg";
import { recordAudit } from "@/lib/store/record-audit";
import type { SqlClient } from "@/lib/store/sql-client";
import { AppError } from "@/lib/errors/app-error";
import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import type { StoreExecutionResult } from "@/lib/store/store-execution";
import { prepareLocalRun } from "@/lib/ingest/prepare-local-run";
import { storePreparedLocalRun } from "@/lib/ingest/store-local-run";
import type { LocalRunJob, LocalRunLimits, LocalRunOutcome } from "./local-run-job";
import { runLocalJobIsolated, type IsolatedRunOutcome } from "./run-local-job-isolated";

/** AWS's history quota for a Standard workflow. */
export const awsMaxHistoryEvents = 25_000;
/** A runaway definition (a loop with no end) started from the web fails with `States.Runtime` past this many transitions. */
export const localRunMaxTransitions = 10_000;

function positiveNumberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, not ${JSON.stringify(raw)}`);
  return value;
}

/**
 * The limits of an interpreter run started from the web (run, replay, redrive): 10,000
 * transitions, AWS's 25,000 events, `STEPSCOPE_LOCAL_RUN_SECONDS` (30) of wall-clock time and
 * `STEPSCOPE_LOCAL_RUN_MEMORY_MB` (256) of heap.
 */
export function webLocalRunLimits(): LocalRunLimits {
  return {
    maxTransitions: localRunMaxTransitions,
    maxEvents: awsMaxHistoryEvents,
    wallMs: Math.round(positiveNumberFromEnv("STEPSCOPE_LOCAL_RUN_SECONDS", 30) * 1000),
    memoryMb: Math.round(positiveNumberFromEnv("STEPSCOPE_LOCAL_RUN_MEMORY_MB", 256)),
  };
}

/** The audit row of a run started by a person: REFUSED (bad request), FAILED (the interpreter could not run it) or OK (with the stored execution). */
export interface LocalRunAudit {
  readonly actor: Actor;
  /** `local.run`, `execution.replay`, `execution.redrive`. */
  readonly action: string;
  /** The audited target; `result` is absent for REFUSED and FAILED. */
  readonly targetId: (result?: ExecutionResult) => string | null;
  /** Details of every row (the request's parameters). */
  readonly details: Record<string, unknown>;
  /** Details added to the OK row. */
  readonly okDetails: (outcome: LocalRunOutcome) => Record<string, unknown>;
}

/** Where and how the run is stored (source `local`, with the job's definition). */
export interface LocalRunStore {
  readonly db: Database;
  readonly stateMachineName: string;
  readonly name: string;
  /** Rows that belong with the execution (lineage), written in its transaction. */
  readonly inTransaction?: (
    client: pg.PoolClient,
    stored: StoreExecutionResult,
    outcome: LocalRunOutcome,
  ) => Promise<void>;
}

/** One local run: how to prepare its job, and what to audit and store. */
export interface LocalRunRequest {
  /** Validates the request and builds the job; an {@link AppError} is a refusal (audited REFUSED). */
  readonly prepare: () => LocalRunJob | Promise<LocalRunJob>;
  /** Absent for the CLI, which audits nothing. Needs `store` (the audit goes to its database). */
  readonly audit?: LocalRunAudit;
  /** Absent when the run is only printed (the CLI without `--store`). */
  readonly store?: LocalRunStore;
  /** Checks the outcome before it is stored; a throw is a FAILED run (a redrive that ran as another execution). */
  readonly check?: (outcome: LocalRunOutcome) => void;
  /** Keep a loaded child process ready for the next run (default); the CLI, which runs once, does not. */
  readonly keepSpare?: boolean;
  /** The 422 message when the interpreter could not run the job. */
  readonly failureMessage?: (message: string) => string;
}

/**
 * The one local runner every entry point calls (web runs, replays, redrives, `stepscope run`):
 * prepare → audit a refusal → run the interpreter in a child process within its limits
 * (see {@link runLocalJobIsolated}) → audit a failure to run → store the execution with its
 * OK audit row in one transaction. A run that hits a limit is not a failure to run: it is a
 * FAILED (or ABORTED) execution, stored and audited like any other.
 */
export async function runLocal(request: LocalRunRequest): Promise<LocalRunOutcome> {
  const { audit, store } = request;
  const write = async (
    client: SqlClient,
    outcome: "OK" | "REFUSED" | "FAILED",
    details: Record<string, unknown>,
    result?: ExecutionResult,
  ): Promise<void> => {
    if (audit === undefined) return;
    const targetId = audit.targetId(result);
    await recordAudit(client, audit.actor, {
      action: audit.action,
      targetType: "execution",
      targetId,
      details: { ...audit.details, ...details },
      outcome,
      resultExecutionArn: result?.executionArn ?? null,
    });
  };
  let job: LocalRunJob;
  try {
    job = await request.prepare();
  } catch (err) {
    if (err instanceof AppError && store !== undefined) await write(store.db.pool, "REFUSED", { error: err.message });
    throw err;
  }
  let outcome: IsolatedRunOutcome;
  try {
    outcome = await runLocalJobIsolated(job, {
      keepSpare: request.keepSpare !== false,
      ...(store === undefined ? {} : { prepareAs: { stateMachineName: store.stateMachineName, name: store.name } }),
    });
    request.check?.(outcome);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (store !== undefined) await write(store.db.pool, "FAILED", { error: message });
    throw new AppError({
      code: "unprocessable_entity",
      message: request.failureMessage?.(message) ?? `the interpreter could not run the definition: ${message}`,
    });
  }
  if (store !== undefined) {
    // The run's process prepared the history (parse and derive); only a run stopped from outside is prepared here (its history is a few events).
    const prepared =
      outcome.prepared ?? prepareLocalRun(outcome.result, job.definition, store.stateMachineName, store.name);
    await storePreparedLocalRun(store.db, prepared, {
      inTransaction: async (client, stored) => {
        await store.inTransaction?.(client, stored, outcome);
        await write(client, "OK", audit?.okDetails(outcome) ?? {}, outcome.result);
      },
    });
  }
  return { result: outcome.result, unresolvedTasks: outcome.unresolvedTasks };
}
