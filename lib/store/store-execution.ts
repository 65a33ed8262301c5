import type pg from "pg";
import type { Database } from "@/lib/db/database";
import { applyRollupDelta } from "./apply-rollup-delta";
import { writeHistoryEvents, type EventWriteMethod } from "./write-history-events";
import { replaceStateRuns } from "./write-state-runs";
import type { DerivedHistory, ParsedExecution } from "@/lib/history/types";
import { EXECUTION_COLUMNS, executionValues } from "./execution-row-values";
import { upsertDefinition, upsertSource, upsertStateMachine, type SourceRef } from "./upsert-execution-parents";
import { markLocalWrites } from "./mark-local-writes";

export type { SourceRef } from "./upsert-execution-parents";

/** Steps of one store, in order, as `onPhase` reports them. */
export type StorePhase = "prepare" | "events" | "runs" | "rollup" | "commit";

export interface StoreExecutionOptions {
  /** How events are bulk-written. Default `copy`. */
  readonly eventWriteMethod?: EventWriteMethod;
  /**
   * Called after each phase with its wall time in ms (`prepare`: source, state machine,
   * definition and execution rows; `events`; `runs`: state runs and attempts; `rollup`;
   * `commit`). For benchmarks; phases that did not run are not reported.
   */
  readonly onPhase?: (phase: StorePhase, ms: number) => void;
  /**
   * Runs inside the store's transaction, after the execution is written and before COMMIT,
   * so rows that belong with it (lineage, its audit row) commit with it or not at all.
   */
  readonly inTransaction?: (client: pg.PoolClient, stored: StoreExecutionResult) => Promise<void>;
  /** See {@link StoreItem.partialReason} (`storeExecution` only). */
  readonly partialReason?: string | null;
}

export interface StoreExecutionResult {
  /** `executions.id` (a BIGINT, as text). */
  readonly executionId: string;
  /** True when the execution was not stored before. */
  readonly created: boolean;
  /** Events inserted by this call (0 when the history was already stored). */
  readonly eventsWritten: number;
}

interface StoredExecutionRow {
  readonly id: string;
  readonly last_event_id: number;
  /** `start_date` as Postgres text: the partition key of the execution's rows. */
  readonly start_date: string;
}

/** One execution to store with {@link storeExecutions}. */
export interface StoreItem {
  readonly parsed: ParsedExecution;
  readonly derived: DerivedHistory;
  readonly source: SourceRef;
  /** Why the history is partial (an Express log level below ALL, execution data excluded) and what to change; null or absent when whole. */
  readonly partialReason?: string | null;
}

export interface StoreExecutionsOptions extends StoreExecutionOptions {
  /**
   * `false` commits without waiting for the WAL flush (`synchronous_commit = off` for this
   * transaction): a crash may lose the last fraction of a second of commits, never
   * consistency. For collectors, which fetch anything lost again. Default true.
   */
  readonly synchronousCommit?: boolean;
}

/**
 * Stores one parsed execution and what was derived from it, in one transaction.
 *
 * - Idempotent: a history whose last event is already stored changes nothing
 *   (`created: false`, `eventsWritten: 0`).
 * - A longer history of a stored execution (it progressed, or was redriven) appends the
 *   new events, replaces the state runs and attempts, updates the execution row and
 *   moves its daily rollup contribution.
 * - Upserts the source (by `name`), the state machine (by ARN) and, when
 *   `describe-state-machine` output came along, its definition (by sha256 of the text).
 * - Any failure rolls everything back.
 */
export async function storeExecution(
  db: Pick<Database, "pool">,
  parsed: ParsedExecution,
  derived: DerivedHistory,
  source: SourceRef,
  options: StoreExecutionOptions = {},
): Promise<StoreExecutionResult> {
  const [result] = await storeExecutions(
    db,
    [{ parsed, derived, source, partialReason: options.partialReason ?? null }],
    options,
  );
  return result!;
}

/**
 * Stores several executions in one transaction, each as {@link storeExecution} does (the
 * results in the order of `items`). Rows are locked in execution ARN order and the rollup
 * shares of the whole batch are summed and written once per rollup key, in key order: the
 * shared rollup rows are touched once per batch instead of once per execution, and
 * concurrent batches take their locks in one order. The executions must be distinct.
 * Any failure rolls the whole batch back.
 */
export async function storeExecutions(
  db: Pick<Database, "pool">,
  items: readonly StoreItem[],
  options: StoreExecutionsOptions = {},
): Promise<StoreExecutionResult[]> {
  const seen = new Set<string>();
  for (const { parsed } of items) {
    const arn = parsed.identity.executionArn;
    if (seen.has(arn)) throw new Error(`storeExecutions: execution ${arn} appears twice in one batch`);
    seen.add(arn);
  }
  if (items.length === 0) return [];
  const client = await db.pool.connect();
  let broken = false;
  try {
    const lap = phaseTimer(options.onPhase);
    await client.query("BEGIN");
    if (options.synchronousCommit === false) await client.query("SET LOCAL synchronous_commit = off");
    // Local runs never count in the figures: their writes leave the figures' cached reads valid.
    if (items.every((item) => item.source.kind === "LOCAL")) await markLocalWrites(client);
    const results = await storeInTransaction(client, items, options, lap);
    if (options.inTransaction) for (const result of results) await options.inTransaction(client, result);
    await client.query("COMMIT");
    lap("commit");
    return results;
  } catch (error) {
    // A ROLLBACK that fails means the connection is gone: destroy it rather than pool it, so a retry gets a fresh one.
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

interface PreparedItem {
  readonly index: number;
  readonly item: StoreItem;
  readonly executionId: string;
  readonly startDate: string;
  readonly created: boolean;
  readonly values: unknown[];
  /** The stored row before this store, when it existed and changes now. */
  readonly previous: StoredExecutionRow | null;
}

async function storeInTransaction(
  client: pg.PoolClient,
  items: readonly StoreItem[],
  options: StoreExecutionOptions,
  lap: (phase: StorePhase) => void,
): Promise<StoreExecutionResult[]> {
  const results: StoreExecutionResult[] = new Array(items.length);
  const written: PreparedItem[] = [];
  const sources = new Map<string, number>();
  const machines = new Map<string, number>();
  // ARN order: two batches lock the execution rows they share in the same order.
  const order = items
    .map((item, index) => ({ item, index }))
    .sort((x, y) => compare(x.item.parsed.identity.executionArn, y.item.parsed.identity.executionArn));
  for (const { item, index } of order) {
    const { parsed, derived, source } = item;
    const { identity } = parsed;
    let sourceId = sources.get(source.name);
    if (sourceId === undefined) sources.set(source.name, (sourceId = await upsertSource(client, source)));
    let stateMachineId = machines.get(identity.stateMachineArn);
    if (stateMachineId === undefined)
      machines.set(identity.stateMachineArn, (stateMachineId = await upsertStateMachine(client, parsed, sourceId)));
    const definitionId = await upsertDefinition(client, parsed, stateMachineId);
    const lastEventId = parsed.events.reduce((max, e) => Math.max(max, e.id), 0);
    const values = executionValues(
      parsed,
      derived,
      { sourceId, stateMachineId, definitionId, lastEventId },
      item.partialReason ?? null,
    );

    let existing = await lockExecution(client, identity.executionArn);
    if (!existing) {
      // Unique per (ARN, start date): executions are partitioned by start date, and an execution's never changes.
      const inserted = await client.query<{ id: string; start_date: string }>(
        `INSERT INTO executions (${EXECUTION_COLUMNS.join(", ")}) VALUES (${EXECUTION_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})
         ON CONFLICT (execution_arn, start_date) DO NOTHING RETURNING id::text, start_date::text`,
        values,
      );
      const fresh = inserted.rows[0];
      if (fresh) {
        written.push({
          index,
          item,
          executionId: fresh.id,
          startDate: fresh.start_date,
          created: true,
          values,
          previous: null,
        });
        continue;
      }
      // Lost a race with another writer of the same execution: it has committed by now.
      existing = await lockExecution(client, identity.executionArn);
    }
    const row = existing!;
    if (lastEventId <= row.last_event_id) {
      if (definitionId !== null) {
        await client.query(
          "UPDATE executions SET definition_id = $2, updated_at = now() WHERE id = $1 AND definition_id IS NULL",
          [row.id, definitionId],
        );
      }
      results[index] = { executionId: row.id, created: false, eventsWritten: 0 };
      continue;
    }
    written.push({
      index,
      item,
      executionId: row.id,
      startDate: row.start_date,
      created: false,
      values,
      previous: row,
    });
  }

  const changed = written.filter((w) => w.previous !== null);
  // Their old rollup shares go before their rows and state runs change (the rollups are read from them).
  await applyRollupDelta(
    client,
    changed.map((w) => w.executionId),
    -1,
  );
  for (const w of changed) {
    await client.query(
      `UPDATE executions SET (${EXECUTION_COLUMNS.join(", ")}, updated_at) =
         (${EXECUTION_COLUMNS.map((_, i) => `$${i + 2}`).join(", ")}, now()) WHERE id = $1`,
      [w.executionId, ...w.values],
    );
  }
  lap("prepare");
  if (written.length === 0) return results;

  const eventsWritten = new Map<string, number>();
  for (const w of written) {
    const last = w.previous?.last_event_id ?? 0;
    const events = last === 0 ? w.item.parsed.events : w.item.parsed.events.filter((e) => e.id > last);
    eventsWritten.set(w.executionId, await writeHistoryEvents(client, w.executionId, events, options.eventWriteMethod));
  }
  lap("events");
  for (const w of written)
    await replaceStateRuns(client, w.executionId, w.item.derived.stateRuns, {
      executionIsNew: w.created,
      startDate: w.startDate,
    });
  lap("runs");
  await applyRollupDelta(
    client,
    written.map((w) => w.executionId),
    1,
  );
  lap("rollup");
  for (const w of written)
    results[w.index] = {
      executionId: w.executionId,
      created: w.created,
      eventsWritten: eventsWritten.get(w.executionId) ?? 0,
    };
  return results;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `lap(phase)` reports the time since the previous lap (or since creation) to `onPhase`. */
function phaseTimer(onPhase: StoreExecutionOptions["onPhase"]): (phase: StorePhase) => void {
  if (!onPhase) return () => {};
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    onPhase(phase, now - last);
    last = now;
  };
}

async function lockExecution(client: pg.ClientBase, executionArn: string): Promise<StoredExecutionRow | null> {
  const { rows } = await client.query<StoredExecutionRow>(
    `SELECT id::text, last_event_id, start_date::text
       FROM executions WHERE execution_arn = $1 FOR UPDATE`,
    [executionArn],
  );
  return rows[0] ?? null;
}
