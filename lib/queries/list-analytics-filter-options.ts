import type { Database } from "@/lib/db/database";

/** A state machine offered by the filters: its ARN (the filter's value) and how to show it. */
export interface StateMachineOption {
  readonly value: string;
  /** Its name, with account and region when another machine has the same name. */
  readonly label: string;
}

export interface AnalyticsFilterOptions {
  readonly stateMachines: readonly StateMachineOption[];
  readonly sources: readonly string[];
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

/** Values offered by the analytics filters (state machines and sources are small tables). */
export async function listAnalyticsFilterOptions(db: Pick<Database, "pool">): Promise<AnalyticsFilterOptions> {
  const [{ rows }, machines] = await Promise.all([
    db.pool.query<{ kind: string; value: string }>(
      `SELECT DISTINCT 'account' AS kind, account_id AS value FROM state_machines WHERE account_id IS NOT NULL
       UNION SELECT DISTINCT 'region', region FROM state_machines WHERE region IS NOT NULL
       UNION SELECT 'source', name FROM sources ORDER BY 2`,
    ),
    db.pool.query<{ arn: string; name: string; account_id: string | null; region: string | null; shared: boolean }>(
      `SELECT arn, name, account_id, region, count(*) OVER (PARTITION BY name) > 1 AS shared
         FROM state_machines ORDER BY name, account_id, region, arn`,
    ),
  ]);
  const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.value);
  return {
    stateMachines: machines.rows.map((m) => ({
      value: m.arn,
      label: m.shared ? `${m.name} (${m.account_id ?? "?"} · ${m.region ?? "?"})` : m.name,
    })),
    sources: of("source"),
    accounts: of("account"),
    regions: of("region"),
  };
}
