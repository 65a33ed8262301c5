import type { Database } from "@/lib/db/database";
import { loadPriceTable } from "@/lib/cost/load-price-table";
import { getStandardPrice } from "@/lib/cost/price-table";
import { getRangeStart } from "@/lib/queries/analytics-params";
import type { timeRanges } from "@/lib/queries/execution-list-params";
import { sqlParam } from "./analytics-filter-sql";
import { stateRollupsSince } from "./rollup-since-sql";
import { productionScopeSql, type ProductionScopeFilter } from "./production-scope";

/** How many of the newest executions in the range the outcome and duration figures read. */
export const STATE_FIGURES_SAMPLE = 2_000;

/** One state's figures over a range. */
export interface StateFigures {
  readonly state: string;
  /** Runs in the range (the per-state rollups: every execution). */
  readonly runs: number;
  /** Attempts beyond the first, in the range (rollups). */
  readonly retries: number;
  /** Billable transitions (runs + retries) priced at the machine's region; null for Express (billed per execution). */
  readonly costUsd: number | null;
  /** Runs of the sampled executions that ended. */
  readonly sampledEnded: number;
  /** Of those, the runs that ended in an error (FAILED, TIMED_OUT, or CAUGHT by a Catch). */
  readonly failed: number;
  /** Of the failed runs, the ones a Catch handled. */
  readonly caught: number;
  /** `failed / sampledEnded`, null when nothing ended. */
  readonly failureRate: number | null;
  /** Median and 95th percentile (linear interpolation) of the sampled runs' durations (entered to exited), ms. */
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
}

/** Per-state figures of one state machine and what they cover. */
export interface StateFiguresResult {
  readonly states: readonly StateFigures[];
  /** Executions the outcome and duration figures read (the newest in the range, at most {@link STATE_FIGURES_SAMPLE}). */
  readonly sampledExecutions: number;
  /** True when the sample is every execution in the range. */
  readonly sampleIsComplete: boolean;
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Per-state figures of a state machine over `range`: runs, retries and cost from the per-state
 * daily/weekly rollups (every execution, fast at any range), and failure rate and p50/p95
 * duration from the state runs of the newest {@link STATE_FIGURES_SAMPLE} executions started
 * in the range (a bounded read through the (state_machine_id, start_date) index). Local runs
 * count only with `includeLocal`. States sorted by runs, then name.
 */
export async function getStateFigures(
  db: Pick<Database, "pool">,
  machine: { readonly id: number; readonly type: "STANDARD" | "EXPRESS"; readonly region: string | null },
  opts: { readonly range: keyof typeof timeRanges; readonly includeLocal: boolean },
  now = new Date(),
): Promise<StateFiguresResult> {
  const start = getRangeStart(opts.range, now);
  // Local runs are left out as on the analytics pages, unless asked for.
  const scope: ProductionScopeFilter = opts.includeLocal ? { include: "local" } : {};
  const rollupValues: unknown[] = [];
  const rollups = stateRollupsSince(start ? dayOf(start) : null, rollupValues);
  const machineParam = sqlParam(rollupValues, machine.id);
  const totalsRead = db.pool.query<{ state: string; runs: string; retries: string; transitions: string }>(
    `SELECT t.state_name AS state, sum(t.runs)::text AS runs, sum(t.retries)::text AS retries, sum(t.transitions)::text AS transitions
       FROM ${rollups} t WHERE t.state_machine_id = ${machineParam} AND ${productionScopeSql("t.source_id", scope)}
      GROUP BY 1`,
    rollupValues,
  );
  const sampleRead = db.pool.query<{
    state: string | null;
    executions: number;
    ended: number;
    failed: number;
    caught: number;
    p50: number | null;
    p95: number | null;
  }>(
    // Both tables are partitioned by month of the execution's start: a plain bound (no "$3 IS NULL
    // OR …") lets the planner skip the months before the range, and the state runs are joined on
    // the start date too, so each execution's runs are read from its month's partition alone.
    `WITH e AS (SELECT e.id, e.start_date FROM executions e
                 WHERE e.state_machine_id = $1 AND ${productionScopeSql("e.source_id", scope)}
                   ${start ? "AND e.start_date >= $3" : ""}
                 ORDER BY e.start_date DESC LIMIT $2),
          r AS (SELECT sr.name, sr.status::text AS status, extract(epoch FROM sr.exited_at - sr.entered_at) * 1000 AS ms
                  FROM e JOIN state_runs sr ON sr.execution_id = e.id AND sr.start_date = e.start_date)
     -- A run that failed the execution has no exit event (so no duration) but has ended: outcomes count by status.
     SELECT name AS state, 0 AS executions, count(*) FILTER (WHERE status <> 'RUNNING')::int AS ended,
            count(*) FILTER (WHERE status IN ('FAILED', 'TIMED_OUT', 'CAUGHT'))::int AS failed,
            count(*) FILTER (WHERE status = 'CAUGHT')::int AS caught,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS p95
       FROM r GROUP BY name
     UNION ALL SELECT NULL, (SELECT count(*) FROM e)::int, 0, 0, 0, NULL, NULL`,
    [machine.id, STATE_FIGURES_SAMPLE, ...(start ? [start] : [])],
  );
  // Awaited below; this only keeps a failure from being an unhandled rejection while the totals fail first.
  sampleRead.catch(() => {});
  const [totals, prices] = await Promise.all([totalsRead, loadPriceTable(db, now)]);
  const sample = await sampleRead;
  const perTransition = getStandardPrice(prices, machine.region).usdPer1000Transitions / 1000;
  const sampledExecutions = sample.rows.find((r) => r.state === null)?.executions ?? 0;
  const bySample = new Map(sample.rows.flatMap((r) => (r.state === null ? [] : [[r.state, r] as const])));
  const names = new Set([...totals.rows.map((t) => t.state), ...bySample.keys()]);
  const byTotal = new Map(totals.rows.map((t) => [t.state, t]));
  const states = [...names].map((state): StateFigures => {
    const t = byTotal.get(state);
    const s = bySample.get(state);
    const ended = s?.ended ?? 0;
    return {
      state,
      runs: Number(t?.runs ?? 0),
      retries: Number(t?.retries ?? 0),
      costUsd: machine.type === "STANDARD" ? Number(t?.transitions ?? 0) * perTransition : null,
      sampledEnded: ended,
      failed: s?.failed ?? 0,
      caught: s?.caught ?? 0,
      failureRate: ended > 0 ? (s?.failed ?? 0) / ended : null,
      p50Ms: s?.p50 ?? null,
      p95Ms: s?.p95 ?? null,
    };
  });
  states.sort((a, b) => b.runs - a.runs || b.sampledEnded - a.sampledEnded || a.state.localeCompare(b.state));
  return { states, sampledExecutions, sampleIsComplete: sampledExecutions < STATE_FIGURES_SAMPLE };
}
