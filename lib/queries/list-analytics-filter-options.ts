import type { Database } from "@/lib/db/database";

export interface AnalyticsFilterOptions {
  readonly stateMachines: readonly string[];
  readonly sources: readonly string[];
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

/** Values offered by the analytics filters (state machines and sources are small tables). */
export async function listAnalyticsFilterOptions(db: Pick<Database, "pool">): Promise<AnalyticsFilterOptions> {
  const { rows } = await db.pool.query<{ kind: string; value: string }>(
    `SELECT DISTINCT 'sm' AS kind, name AS value FROM state_machines
     UNION SELECT DISTINCT 'account', account_id FROM state_machines WHERE account_id IS NOT NULL
     UNION SELECT DISTINCT 'region', region FROM state_machines WHERE region IS NOT NULL
     UNION SELECT 'source', name FROM sources ORDER BY 2`,
  );
  const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.value);
  return { stateMachines: of("sm"), sources: of("source"), accounts: of("account"), regions: of("region") };
}
