import type { AlertScope } from "@/lib/store/alert-rule-schema";
import { localSourceKinds } from "@/lib/queries/production-scope";

/** One rule of a batched read: its id, scope and the condition's parameters (columns of `r`). */
export interface BatchRule {
  readonly id: number;
  readonly scope: AlertScope;
  /** The condition's parameters by column name (e.g. `since`), as `paramColumns` types them. */
  readonly params: Record<string, unknown>;
}

/**
 * The CTEs a batched read starts with: `r` (one row per rule: `rule_id`, its parameters
 * typed by `paramColumns`, e.g. `"since timestamptz"`) from `$1`, and `scope`: `r`'s columns
 * with each `(state_machine_id, source_id)` the rule looks at — the same as
 * {@link alertScopeSql}'s conjuncts: without `sources`, local runs are left out.
 * Read the widest window once into a `MATERIALIZED` CTE (one index range scan; inlined, the
 * planner misjudged `scope`'s size and probed the executions once per rule and machine),
 * then hash-join it to `scope` on both columns with each rule's own window as a join filter.
 */
export function alertBatchCtes(paramColumns = ""): string {
  const local = localSourceKinds.map((k) => `'${k}'`).join(", ");
  return `r AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb)
          AS r(rule_id int, sources text[], machines text[], accounts text[], regions text[]${paramColumns ? `, ${paramColumns}` : ""})),
    scope AS MATERIALIZED (
      SELECT r.*, m.id AS state_machine_id, s.id AS source_id
        FROM r
        JOIN state_machines m
          ON (r.machines IS NULL OR m.name = ANY(r.machines) OR m.arn = ANY(r.machines))
         AND (r.accounts IS NULL OR m.account_id = ANY(r.accounts))
         AND (r.regions IS NULL OR m.region = ANY(r.regions))
        JOIN sources s ON CASE WHEN r.sources IS NULL THEN s.kind::text NOT IN (${local}) ELSE s.name = ANY(r.sources) END)`;
}

/** `$1` of {@link alertBatchCtes}: the rules as one JSON array. */
export function alertBatchParam(rules: readonly BatchRule[]): string {
  return JSON.stringify(
    rules.map((rule) => ({
      rule_id: rule.id,
      sources: rule.scope.sources ?? null,
      machines: rule.scope.stateMachines ?? null,
      accounts: rule.scope.accounts ?? null,
      regions: rule.scope.regions ?? null,
      ...rule.params,
    })),
  );
}

/** Rows with a `rule_id`, grouped by it (every rule present, maybe with none). */
export function byRule<T extends { rule_id: number }, S>(
  rules: readonly BatchRule[],
  rows: readonly T[],
  toSignal: (row: T) => S | null,
): Map<number, S[]> {
  const out = new Map<number, S[]>(rules.map((rule) => [rule.id, []]));
  for (const row of rows) {
    const signal = toSignal(row);
    if (signal !== null) out.get(row.rule_id)?.push(signal);
  }
  return out;
}

/** The earliest of the rules' `since` (`$2` of a batched read: the one range the scan covers). */
export function earliest(dates: readonly Date[]): Date {
  return new Date(Math.min(...dates.map((d) => d.getTime())));
}

/** The latest of the rules' dates (the bound of a batched read of what started before them). */
export function latest(dates: readonly Date[]): Date {
  return new Date(Math.max(...dates.map((d) => d.getTime())));
}
