import { z } from "zod";
import type { Database } from "@/lib/db/database";
import { readSyncCursor } from "@/lib/ingest/sync-cursor";
import { emptySyncProgress, type SyncProgress } from "@/lib/ingest/sync-progress";
import type { AwsSourceStatus } from "@/lib/ingest/aws-source-status";
import { syncSourceSettingsSchema, type SyncSourceSettings } from "@/lib/ingest/sync-source-settings";

/** A source of any kind, as the Sources page's table lists it. */
export interface SourceRow {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly isDemo: boolean;
  readonly region: string | null;
  readonly accountId: string | null;
  readonly executions: number;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
}

export type { AwsSourceStatus };

interface StoredSource {
  id: number;
  name: string;
  kind: string;
  is_demo: boolean;
  region: string | null;
  account_id: string | null;
  endpoint: string | null;
  sync_state: AwsSourceStatus["state"];
  last_sync_at: Date | null;
  sync_started_at: Date | null;
  sync_progress: unknown;
  last_error: string | null;
  last_error_details: unknown;
  sync_cursor: unknown;
  settings: unknown;
  executions: number;
}

// The one read of `sources`: both views below are shaped from it.
async function readSources(db: Database, kind: "AWS" | null): Promise<StoredSource[]> {
  const { rows } = await db.pool.query<StoredSource>(
    `SELECT s.id, s.name, s.kind::text AS kind, s.is_demo, s.region, s.account_id, s.endpoint, s.sync_state, s.last_sync_at,
            s.sync_started_at, s.sync_progress, s.last_error, s.last_error_details, s.sync_cursor, s.settings,
            (SELECT count(*)::int FROM executions e WHERE e.source_id = s.id) AS executions
       FROM sources s WHERE $1::text IS NULL OR s.kind::text = $1 ORDER BY s.name`,
    [kind],
  );
  return rows;
}

/** Every source with its execution count. */
export async function listSources(db: Database): Promise<SourceRow[]> {
  return (await readSources(db, null)).map((s) => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    isDemo: s.is_demo,
    region: s.region,
    accountId: s.account_id,
    executions: s.executions,
    lastSyncAt: s.last_sync_at?.toISOString() ?? null,
    lastError: s.last_error,
  }));
}

const errorDetailsSchema = z.object({ code: z.string(), message: z.string(), action: z.string().nullable() });

/** Every AWS source with its state, counters and faults; `withExternalId` for an admin only. */
export async function listAwsSourceStatus(
  db: Database,
  options: { withExternalId: boolean },
): Promise<AwsSourceStatus[]> {
  return (await readSources(db, "AWS")).map((r) => {
    const details = errorDetailsSchema.safeParse(r.last_error_details);
    const settings = syncSourceSettingsSchema.safeParse(r.settings ?? {});
    const filter = settings.success ? settings.data.stateMachines : { mode: "all" as const };
    return {
      id: r.id,
      name: r.name,
      region: r.region,
      accountId: r.account_id,
      endpoint: r.endpoint,
      state: r.sync_state,
      lastSyncAt: r.last_sync_at?.toISOString() ?? null,
      syncStartedAt: r.sync_started_at?.toISOString() ?? null,
      progress: {
        ...emptySyncProgress,
        phase: "done",
        ...(typeof r.sync_progress === "object" && r.sync_progress !== null
          ? (r.sync_progress as Partial<SyncProgress>)
          : {}),
      },
      executions: r.executions,
      lastError: r.last_error,
      errorDetails: details.success ? details.data : null,
      partialHistories: Object.entries(readSyncCursor(r.sync_cursor).express)
        .filter(([, v]) => v.partialReason !== null)
        .map(([stateMachineArn, v]) => ({ stateMachineArn, reason: v.partialReason ?? "" })),
      settings: withoutExternalId(
        settings.success ? settings.data : syncSourceSettingsSchema.parse({}),
        options.withExternalId,
      ),
      filter:
        filter.mode === "all"
          ? "all state machines"
          : filter.mode === "prefix"
            ? `names starting ${filter.prefix}`
            : `tag ${filter.tagKey}${filter.tagValue ? `=${filter.tagValue}` : ""}`,
    };
  });
}

function withoutExternalId(settings: SyncSourceSettings, keep: boolean): SyncSourceSettings {
  if (keep) return settings;
  const { externalId: _externalId, ...rest } = settings;
  return rest;
}
