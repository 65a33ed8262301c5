import type pg from "pg";
import { billedDurationMs, billedMemoryMb, estimateExpressMemoryMb } from "@/lib/cost/estimate-express";
import { getDurationBucket } from "@/lib/analytics/duration-bucket";
import { FAILURE_STATUSES, getFailureSignature } from "@/lib/analytics/failure-signature";
import {
  COST,
  DAILY,
  DURATION,
  DURATION_DAILY,
  FACTS,
  FAILURE_ADD,
  FAILURE_REMOVE,
  HOURLY,
  RETRY_ERRORS,
  SET_SIGNATURES,
  SIGNATURES,
  STATES,
  STATUS_COLS,
  type ExecutionFacts,
} from "./rollup-statements";
import { Totals } from "./rollup-totals";

/** Which rollups {@link applyRollupDelta} writes. */
export interface RollupDeltaOptions {
  /**
   * `all` (default): the overview's daily rollup and the analytics rollups. `analytics`:
   * the analytics rollups only, for executions already counted in the daily rollup when
   * they were stored (the analytics backfill), or whose daily share does not change (a
   * re-signed failure).
   */
  readonly scope?: "all" | "analytics";
}

/**
 * Adds (`sign` 1) or removes (`sign` -1) stored executions' shares of every rollup: the
 * overview's daily rollup (status counts, transitions, retries, durations), and the
 * analytics rollups (hourly status counts and duration histogram, daily cost inputs,
 * per-state transitions and retries, retried errors, failure groups), inside the
 * caller's transaction. Call with -1 before the execution rows and their state runs
 * change, and with 1 after; on 1 it also sets `executions.failure_signature`. Reads the
 * executions' own rows only, never history events. First/last seen of a failure group
 * and the daily longest duration only widen. Shares are summed per rollup key and each
 * table is written by one statement, keys in ascending order (so concurrent batches take
 * the shared rows' locks in one order). The ids must be distinct.
 */
export async function applyRollupDelta(
  client: pg.ClientBase,
  executionIds: readonly string[],
  sign: 1 | -1,
  options: RollupDeltaOptions = {},
): Promise<void> {
  if (executionIds.length === 0) return;
  const { rows } = await client.query<ExecutionFacts>(FACTS, [executionIds]);
  if (rows.length === 0) return;
  const daily = new Totals<Record<string, number>>();
  const longest = new Map<string, number>();
  const hourly = new Totals<Record<string, number>>();
  const duration = new Totals<{ n: number }>();
  const durationDaily = new Totals<{ n: number }>();
  const cost = new Totals<{ n: number; transitions: number; billed_ms: number; billed_mb_ms: number }>();
  const failuresRemoved = new Totals<{ n: number }>();
  const failures = new Map<
    string,
    {
      k1: string;
      signature: string;
      src: number;
      sm: number;
      n: number;
      first_seen: Date;
      last_seen: Date;
      newest: string;
    }
  >();
  const signatures = new Map<
    string,
    { signature: string; sm: number; state: string | null; error: string | null; cause: string }
  >();
  const changedSignatures: { id: string; signature: string | null }[] = [];

  for (const e of rows) {
    const keys = { sm: e.state_machine_id, src: e.source_id };
    const counts = Object.fromEntries(STATUS_COLS.map((c) => [c, c === e.status.toLowerCase() ? sign : 0]));
    hourly.add({ k1: e.hour, ...keys }, { total: sign, ...counts });
    const durationMs = e.duration_ms === null ? null : Number(e.duration_ms);
    const dayId = `${e.day}|${e.state_machine_id}|${e.source_id}`;
    daily.add(
      { k1: e.day, ...keys },
      {
        total: sign,
        ...counts,
        billable_transitions: sign * e.billable_transitions,
        retries: sign * e.retries,
        duration_ms_sum: durationMs === null ? 0 : sign * durationMs,
        duration_ms_max: 0,
        duration_count: durationMs === null ? 0 : sign,
      },
    );
    if (durationMs !== null && sign === 1) longest.set(dayId, Math.max(longest.get(dayId) ?? 0, durationMs));
    let billedMs = 0;
    let billedMbMs = 0;
    if (durationMs !== null) {
      const bucket = getDurationBucket(durationMs);
      duration.add({ k1: e.hour, ...keys, bucket }, { n: sign });
      durationDaily.add({ k1: e.day, ...keys, bucket }, { n: sign });
      billedMs = billedDurationMs(durationMs);
      const mb = billedMemoryMb(
        estimateExpressMemoryMb({
          definitionBytes: e.definition_bytes,
          dataBytes: e.data_bytes,
          mapOrParallelSteps: e.map_parallel_steps,
        }),
      );
      billedMbMs = billedMs * mb;
    }
    cost.add(
      { k1: e.day, ...keys },
      {
        n: sign,
        transitions: sign * e.billable_transitions,
        billed_ms: sign * billedMs,
        billed_mb_ms: sign * billedMbMs,
      },
    );

    if (sign === -1) {
      if (e.failure_signature !== null)
        failuresRemoved.add({ k1: e.day, signature: e.failure_signature, src: e.source_id }, { n: 1 });
      continue;
    }
    let signature: string | null = null;
    if (FAILURE_STATUSES.has(e.status)) {
      const found = getFailureSignature({
        stateMachine: e.state_machine_arn,
        rootCauseState: e.root_cause_state,
        error: e.error,
        cause: e.cause,
      });
      signature = found.signature;
      if (!signatures.has(signature)) {
        signatures.set(signature, {
          signature,
          sm: e.state_machine_id,
          state: e.root_cause_state,
          error: e.error,
          cause: found.normalizedCause,
        });
      }
      const id = `${e.day}|${signature}|${e.source_id}`;
      const group = failures.get(id);
      if (!group) {
        failures.set(id, {
          k1: e.day,
          signature,
          src: e.source_id,
          sm: e.state_machine_id,
          n: 1,
          first_seen: e.start_date,
          last_seen: e.start_date,
          newest: e.id,
        });
      } else {
        group.n += 1;
        if (e.start_date < group.first_seen) group.first_seen = e.start_date;
        if (e.start_date >= group.last_seen) Object.assign(group, { last_seen: e.start_date, newest: e.id });
      }
    }
    if (signature !== e.failure_signature) changedSignatures.push({ id: e.id, signature });
  }

  if (options.scope !== "analytics") {
    const rows = daily.entries().map((row) => {
      const id = `${row["k1"]}|${row["sm"]}|${row["src"]}`;
      return { ...row, duration_ms_max: longest.get(id) ?? 0 };
    });
    await client.query(DAILY, [JSON.stringify(rows)]);
  }
  await client.query(HOURLY, [hourly.json()]);
  if (duration.size > 0) {
    await client.query(DURATION, [duration.json()]);
    await client.query(DURATION_DAILY, [durationDaily.json()]);
  }
  await client.query(COST, [cost.json()]);
  const ids = rows.map((e) => e.id);
  await client.query(STATES, [ids, sign]);
  await client.query(RETRY_ERRORS, [ids, sign]);
  if (failuresRemoved.size > 0) await client.query(FAILURE_REMOVE, [failuresRemoved.json()]);
  if (signatures.size > 0) await client.query(SIGNATURES, [JSON.stringify([...signatures.values()])]);
  if (failures.size > 0) await client.query(FAILURE_ADD, [JSON.stringify([...failures.values()])]);
  if (changedSignatures.length > 0) await client.query(SET_SIGNATURES, [JSON.stringify(changedSignatures)]);
}
