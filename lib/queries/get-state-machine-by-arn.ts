import type { Database } from "@/lib/db/database";

/** A stored definition of a state machine: a version of it as Stepscope saw it. */
export interface StoredDefinition {
  readonly id: number;
  readonly hash: string;
  /** `revisionId` of DescribeStateMachine when the definition came from AWS with one. */
  readonly revisionId: string | null;
  readonly firstSeenAt: string;
  readonly executions: number;
  readonly lastStartDate: string | null;
}

/** A published version or an alias (`stateMachineVersionArn` / `stateMachineAliasArn`) executions were started through. */
export interface QualifiedArnUse {
  readonly kind: "version" | "alias";
  readonly arn: string;
  readonly executions: number;
  readonly lastStartDate: string;
}

/** What a state machine's page shows above its tabs. */
export interface StateMachineSummary {
  readonly id: number;
  readonly arn: string;
  readonly name: string;
  readonly type: "STANDARD" | "EXPRESS";
  readonly region: string | null;
  readonly accountId: string | null;
  readonly sourceName: string;
  readonly sourceKind: string;
  /** Newest first. */
  readonly definitions: readonly StoredDefinition[];
  /** Versions and aliases seen on stored executions, most used first. */
  readonly qualifiedArns: readonly QualifiedArnUse[];
}

/** A state machine by its ARN with its stored definitions and the versions and aliases its executions name; null when unknown. */
export async function getStateMachineByArn(
  db: Pick<Database, "pool">,
  arn: string,
): Promise<StateMachineSummary | null> {
  const { rows } = await db.pool.query<{
    id: number;
    arn: string;
    name: string;
    type: "STANDARD" | "EXPRESS";
    region: string | null;
    account_id: string | null;
    source_name: string;
    source_kind: string;
  }>(
    `SELECT m.id, m.arn, m.name, m.type::text AS type, m.region, m.account_id, s.name AS source_name, s.kind::text AS source_kind
       FROM state_machines m JOIN sources s ON s.id = m.source_id WHERE m.arn = $1`,
    [arn],
  );
  const m = rows[0];
  if (!m) return null;
  const [definitions, usage] = await Promise.all([
    db.pool.query<{ id: number; hash: string; revision_id: string | null; first_seen_at: Date }>(
      `SELECT id, hash, revision_id, first_seen_at FROM state_machine_definitions
        WHERE state_machine_id = $1 ORDER BY first_seen_at DESC, id DESC`,
      [m.id],
    ),
    // One pass over the machine's executions (its index) gives per-definition and per-version/alias use.
    db.pool.query<{
      definition_id: number | null;
      version_arn: string | null;
      alias_arn: string | null;
      executions: number;
      last_start: Date;
    }>(
      `SELECT definition_id, state_machine_version_arn AS version_arn, state_machine_alias_arn AS alias_arn,
              count(*)::int AS executions, max(start_date) AS last_start
         FROM executions WHERE state_machine_id = $1 GROUP BY 1, 2, 3`,
      [m.id],
    ),
  ]);
  const byDefinition = new Map<number, { executions: number; last: Date }>();
  const byQualified = new Map<string, { kind: "version" | "alias"; arn: string; executions: number; last: Date }>();
  const add = (kind: "version" | "alias", arn: string, n: number, last: Date) => {
    const q = byQualified.get(arn) ?? { kind, arn, executions: 0, last };
    byQualified.set(arn, { ...q, executions: q.executions + n, last: last > q.last ? last : q.last });
  };
  for (const u of usage.rows) {
    if (u.definition_id !== null) {
      const d = byDefinition.get(u.definition_id) ?? { executions: 0, last: u.last_start };
      byDefinition.set(u.definition_id, {
        executions: d.executions + u.executions,
        last: u.last_start > d.last ? u.last_start : d.last,
      });
    }
    if (u.version_arn) add("version", u.version_arn, u.executions, u.last_start);
    if (u.alias_arn) add("alias", u.alias_arn, u.executions, u.last_start);
  }
  return {
    id: m.id,
    arn: m.arn,
    name: m.name,
    type: m.type,
    region: m.region,
    accountId: m.account_id,
    sourceName: m.source_name,
    sourceKind: m.source_kind,
    definitions: definitions.rows.map((d) => ({
      id: d.id,
      hash: d.hash,
      revisionId: d.revision_id,
      firstSeenAt: d.first_seen_at.toISOString(),
      executions: byDefinition.get(d.id)?.executions ?? 0,
      lastStartDate: byDefinition.get(d.id)?.last.toISOString() ?? null,
    })),
    qualifiedArns: [...byQualified.values()]
      .sort((a, b) => b.executions - a.executions || a.arn.localeCompare(b.arn))
      .map((q) => ({ kind: q.kind, arn: q.arn, executions: q.executions, lastStartDate: q.last.toISOString() })),
  };
}
