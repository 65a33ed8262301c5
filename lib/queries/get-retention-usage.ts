import type { Database } from "@/lib/db/database";
import { retentionPolicyRow } from "@/lib/store/retention-policy-row";
import { getRetentionCutoff, getSourceRetention, type RetentionPolicy } from "@/lib/retention/retention-policy";

/** What one source keeps, for how long, and about how much disk it takes. */
export interface SourceRetentionUsage {
  readonly name: string;
  readonly kind: string;
  readonly executionDays: number | null;
  readonly rollupDays: number | null;
  /** True when the source has a rule of its own (else the default applies). */
  readonly ownRule: boolean;
  readonly executions: number;
  readonly events: number;
  readonly running: number;
  readonly oldestStart: string | null;
  /** Stored executions the next retention pass removes (ended, started before the cutoff). */
  readonly expired: number;
  /**
   * Bytes on disk (tables + indexes + TOAST) attributed to the source: the events tables' size
   * by its share of events, the executions and derived tables' by its share of executions.
   */
  readonly estimatedBytes: number;
}

/** One table (or partition) of the store and its size on disk. */
export interface StoreRelationSize {
  readonly name: string;
  /** The partitioned table it belongs to, or null. */
  readonly parent: string | null;
  readonly bytes: number;
}

export interface RetentionUsage {
  readonly policy: RetentionPolicy;
  readonly sources: readonly SourceRetentionUsage[];
  /** The tables behind executions, and every partition of a partitioned one. */
  readonly relations: readonly StoreRelationSize[];
  /** Bytes of every rollup table (kept per `rollupDays`). */
  readonly rollupBytes: number;
}

const EXECUTION_TABLES = ["executions", "state_runs", "attempts", "execution_payload_numbers"];
const EVENT_TABLES = ["history_events"];
const ROLLUP_TABLE_PATTERN = "%\\_rollups";

/** The policy, each source's share of the store, and the store's sizes (`pg_total_relation_size` per table and partition). */
export async function getRetentionUsage(db: Pick<Database, "pool">, now: Date = new Date()): Promise<RetentionUsage> {
  const policy = await retentionPolicyRow.read(db.pool);
  const { rows: relations } = await db.pool.query<{ name: string; parent: string | null; bytes: string }>(
    // pg_partition_tree lists a plain table as its own single leaf, so partitioned or not reads the same.
    `SELECT t.relid::regclass::text AS name, CASE WHEN t.level > 0 THEN root::text END AS parent,
            pg_total_relation_size(t.relid)::text AS bytes
       FROM unnest($1::text[]) AS root, pg_partition_tree(root::regclass) AS t
      WHERE t.isleaf ORDER BY 2 NULLS FIRST, 1`,
    [[...EVENT_TABLES, ...EXECUTION_TABLES]],
  );
  const { rows: rollup } = await db.pool.query<{ bytes: string }>(
    `SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::text AS bytes FROM pg_class c
      WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace AND c.relname LIKE $1`,
    [ROLLUP_TABLE_PATTERN],
  );
  const { rows: sources } = await db.pool.query<{
    id: number;
    name: string;
    kind: string;
    executions: number;
    events: string;
    running: number;
    oldest: Date | null;
  }>(
    `SELECT s.id, s.name, s.kind::text AS kind, COALESCE(x.executions, 0)::int AS executions, COALESCE(x.events, 0)::text AS events,
            COALESCE(x.running, 0)::int AS running, x.oldest
       FROM sources s LEFT JOIN (
         SELECT source_id, count(*) AS executions, sum(event_count) AS events,
                count(*) FILTER (WHERE status = 'RUNNING') AS running, min(start_date) AS oldest
           FROM executions GROUP BY source_id) x ON x.source_id = s.id
      ORDER BY s.name`,
  );
  const bytesOf = (tables: readonly string[]) =>
    relations.filter((r) => tables.includes(r.parent ?? r.name)).reduce((sum, r) => sum + Number(r.bytes), 0);
  const eventBytes = bytesOf(EVENT_TABLES);
  const executionBytes = bytesOf(EXECUTION_TABLES);
  const totalEvents = sources.reduce((sum, s) => sum + Number(s.events), 0);
  const totalExecutions = sources.reduce((sum, s) => sum + s.executions, 0);
  const usage: SourceRetentionUsage[] = [];
  for (const s of sources) {
    const rule = getSourceRetention(policy, s.name);
    const cutoff = getRetentionCutoff(rule.executionDays, now);
    const expired = cutoff && s.oldest && s.oldest < cutoff ? await countExpired(db, s.id, cutoff) : 0;
    usage.push({
      name: s.name,
      kind: s.kind,
      executionDays: rule.executionDays,
      rollupDays: rule.rollupDays,
      ownRule: Object.hasOwn(policy.sources, s.name),
      executions: s.executions,
      events: Number(s.events),
      running: s.running,
      oldestStart: s.oldest?.toISOString() ?? null,
      expired,
      estimatedBytes: Math.round(
        (totalEvents ? (eventBytes * Number(s.events)) / totalEvents : 0) +
          (totalExecutions ? (executionBytes * s.executions) / totalExecutions : 0),
      ),
    });
  }
  return {
    policy,
    sources: usage,
    relations: relations.map((r) => ({ name: r.name, parent: r.parent, bytes: Number(r.bytes) })),
    rollupBytes: Number(rollup[0]?.bytes ?? 0),
  };
}

async function countExpired(db: Pick<Database, "pool">, sourceId: number, cutoff: Date): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM executions WHERE source_id = $1 AND start_date < $2 AND status <> 'RUNNING'",
    [sourceId, cutoff],
  );
  return rows[0]?.n ?? 0;
}
