import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { alertScopeSql } from "@/lib/queries/alert-signals/alert-scope-sql";
import { alertBatchCtes, alertBatchParam, byRule, earliest } from "@/lib/queries/alert-signals/alert-batch-sql";
import type { AlertSignal, Reader } from "./alert-signal";

interface GroupRow {
  signature: string;
  count: number;
  first_seen: Date;
  last_seen: Date;
  execution_arn: string;
  state_machine: string;
  state_machine_arn: string;
  root_cause_state: string | null;
  error: string | null;
  cause: string | null;
}

const DETAILS = `g.signature, g.count, g.first_seen, g.last_seen, x.execution_arn, m.name AS state_machine,
  m.arn AS state_machine_arn, x.root_cause_state, COALESCE(x.root_cause_error, x.error) AS error,
  COALESCE(x.root_cause_cause, x.cause) AS cause
  FROM g JOIN executions x ON x.id = g.newest JOIN state_machines m ON m.id = x.state_machine_id`;
const GROUP = `e.failure_signature AS signature, count(*)::int AS count, min(e.start_date) AS first_seen,
  max(e.start_date) AS last_seen, max(e.id) AS newest`;

/** Failure groups (signatures) in scope that failed since `since`: one signal per signature. */
export async function getNewFailureGroups(reader: Reader, scope: AlertScope, since: Date): Promise<AlertSignal[]> {
  const values: unknown[] = [since];
  const where = alertScopeSql(scope, "e", values);
  const { rows } = await reader.query<GroupRow>(
    `WITH g AS (
       SELECT ${GROUP} FROM executions e
        WHERE e.failure_signature IS NOT NULL AND e.start_date >= $1 AND ${where}
        GROUP BY 1)
     SELECT ${DETAILS} ORDER BY g.signature`,
    values,
  );
  return rows.map(toSignal);
}

/** {@link getNewFailureGroups} of many rules in one scan of the widest window, by rule id. */
export async function getNewFailureGroupsBatch(
  reader: Reader,
  rules: readonly { id: number; scope: AlertScope; since: Date }[],
): Promise<Map<number, AlertSignal[]>> {
  const batch = rules.map((rule) => ({ id: rule.id, scope: rule.scope, params: { since: rule.since } }));
  if (batch.length === 0) return new Map();
  const { rows } = await reader.query<GroupRow & { rule_id: number }>(
    `WITH ${alertBatchCtes("since timestamptz")},
     w AS MATERIALIZED (
       SELECT id, start_date, state_machine_id, source_id, failure_signature FROM executions
        WHERE failure_signature IS NOT NULL AND start_date >= $2),
     g AS (
       SELECT s.rule_id, ${GROUP}
         FROM w e JOIN scope s ON s.state_machine_id = e.state_machine_id AND s.source_id = e.source_id AND e.start_date >= s.since
        GROUP BY 1, 2)
     SELECT g.rule_id, ${DETAILS} ORDER BY g.rule_id, g.signature`,
    [alertBatchParam(batch), earliest(rules.map((rule) => rule.since))],
  );
  return byRule(batch, rows, toSignal);
}

/**
 * {@link getNewFailureGroupsBatch} through the partial index of failed executions
 * (`executions_failed_start_date_idx`): the window's failures only, not every execution in it
 * (a failure signature is set on FAILED and TIMED_OUT executions only). Each group's newest
 * failure is then read once for every rule that sees it, in a second query (rules of overlapping
 * scopes and windows share most: 1,859 groups of 10 rules had 269 on the benchmark corpus).
 */
export async function getNewFailureGroupsFromFailures(
  reader: Reader,
  rules: readonly { id: number; scope: AlertScope; since: Date }[],
): Promise<Map<number, AlertSignal[]>> {
  const batch = rules.map((rule) => ({ id: rule.id, scope: rule.scope, params: { since: rule.since } }));
  if (batch.length === 0) return new Map();
  const { rows: groups } = await reader.query<{
    rule_id: number;
    signature: string;
    count: number;
    first_seen: Date;
    last_seen: Date;
    newest: string;
  }>(
    `WITH ${alertBatchCtes("since timestamptz")},
   w AS MATERIALIZED (
     SELECT id, start_date, state_machine_id, source_id, failure_signature FROM executions
      WHERE status IN ('FAILED', 'TIMED_OUT') AND failure_signature IS NOT NULL AND start_date >= $2)
   SELECT s.rule_id, ${GROUP.replace("max(e.id) AS newest", "max(e.id)::text AS newest")}
     FROM w e JOIN scope s ON s.state_machine_id = e.state_machine_id AND s.source_id = e.source_id AND e.start_date >= s.since
    GROUP BY 1, 2 ORDER BY 1, 2`,
    [alertBatchParam(batch), earliest(rules.map((rule) => rule.since))],
  );
  const ids = [...new Set(groups.map((g) => g.newest))];
  const { rows: newest } =
    ids.length === 0
      ? { rows: [] }
      : await reader.query<Omit<GroupRow, "signature" | "count" | "first_seen" | "last_seen"> & { id: string }>(
          `SELECT x.id::text, x.execution_arn, m.name AS state_machine, m.arn AS state_machine_arn, x.root_cause_state,
                COALESCE(x.root_cause_error, x.error) AS error, COALESCE(x.root_cause_cause, x.cause) AS cause
           FROM executions x JOIN state_machines m ON m.id = x.state_machine_id WHERE x.id = ANY($1::bigint[])`,
          [ids],
        );
  const byId = new Map(newest.map((x) => [x.id, x]));
  return byRule(batch, groups, (g) => {
    const x = byId.get(g.newest);
    return x ? toSignal({ ...g, ...x }) : null;
  });
}

function toSignal(r: GroupRow): AlertSignal {
  return {
    key: r.signature,
    facts: {
      summary: `${r.error ?? "failure"}${r.root_cause_state ? ` in ${r.root_cause_state}` : ""} (${r.state_machine})`,
      where: r.state_machine,
      stateMachineArn: r.state_machine_arn,
      count: r.count,
      firstSeen: r.first_seen.toISOString(),
      lastSeen: r.last_seen.toISOString(),
      rootCauseState: r.root_cause_state,
      error: r.error,
      cause: r.cause === null ? null : r.cause.slice(0, 500),
      executionArn: r.execution_arn,
      signature: r.signature,
    },
  };
}
