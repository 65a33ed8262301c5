import type pg from "pg";
import { z } from "zod";
import { readSyncCursor } from "./sync-cursor";
import { emptySyncProgress, type SyncProgress } from "./sync-progress";
import { syncSourceSettingsSchema } from "./sync-source-settings";
import type { AwsSourceStatus } from "./aws-source-status";

export type { AwsSourceStatus };

/** A new AWS source as the Sources page submits it. No credentials: they come from the chain. */
export const newAwsSourceSchema = z.object({
  name: z.string().trim().min(1).max(100),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "expected an AWS region such as us-east-1"),
  accountId: z.string().regex(/^\d{12}$/, "expected a 12-digit account id").optional(),
  endpoint: z.url().optional(),
  settings: syncSourceSettingsSchema,
});
export type NewAwsSource = z.infer<typeof newAwsSourceSchema>;

/**
 * What an AWS source's edit may change: account, endpoint and settings. The name and
 * region are its identity (another region is another source); `null` clears a field.
 */
export const awsSourceEditSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/, "expected a 12-digit account id").nullable().optional(),
  endpoint: z.url().nullable().optional(),
  settings: syncSourceSettingsSchema,
});
export type AwsSourceEdit = z.infer<typeof awsSourceEditSchema>;

/**
 * Applies `edit` to the AWS source `id` (the next sync uses it; what was synced stays).
 * Returns the fields before and after, or null when there is no AWS source `id`.
 */
export async function updateAwsSource(
  db: Pick<pg.Pool, "query">,
  id: number,
  edit: AwsSourceEdit,
): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> } | null> {
  const { rows } = await db.query<{ account_id: string | null; endpoint: string | null; settings: unknown }>(
    `SELECT account_id, endpoint, settings FROM sources WHERE id = $1 AND kind = 'AWS' FOR UPDATE`,
    [id],
  );
  const stored = rows[0];
  if (!stored) return null;
  const after = {
    accountId: edit.accountId === undefined ? stored.account_id : edit.accountId,
    endpoint: edit.endpoint === undefined ? stored.endpoint : edit.endpoint,
    settings: edit.settings,
  };
  await db.query(`UPDATE sources SET account_id = $2, endpoint = $3, settings = $4::jsonb, updated_at = now() WHERE id = $1`, [
    id, after.accountId, after.endpoint, JSON.stringify(after.settings),
  ]);
  return { before: { accountId: stored.account_id, endpoint: stored.endpoint, settings: stored.settings }, after };
}

/** Stores a new AWS source; null when the name is taken. */
export async function createAwsSource(db: Pick<pg.Pool, "query">, input: NewAwsSource): Promise<{ id: number } | null> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO sources (kind, name, region, account_id, endpoint, settings) VALUES ('AWS', $1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (name) DO NOTHING RETURNING id`,
    [input.name, input.region, input.accountId ?? null, input.endpoint ?? null, JSON.stringify(input.settings)],
  );
  return rows[0] ?? null;
}

const errorDetailsSchema = z.object({ code: z.string(), message: z.string(), action: z.string().nullable() });

/** Every AWS source with its state, counters and faults. */
export async function listAwsSourceStatus(db: Pick<pg.Pool, "query">): Promise<AwsSourceStatus[]> {
  const { rows } = await db.query<{
    id: number; name: string; region: string | null; account_id: string | null; endpoint: string | null; sync_state: AwsSourceStatus["state"];
    last_sync_at: Date | null; sync_started_at: Date | null; sync_progress: unknown; last_error: string | null; last_error_details: unknown;
    sync_cursor: unknown; settings: unknown; executions: number;
  }>(
    `SELECT s.id, s.name, s.region, s.account_id, s.endpoint, s.sync_state, s.last_sync_at, s.sync_started_at, s.sync_progress,
            s.last_error, s.last_error_details, s.sync_cursor, s.settings,
            (SELECT count(*)::int FROM executions e WHERE e.source_id = s.id) AS executions
       FROM sources s WHERE s.kind = 'AWS' ORDER BY s.name`,
  );
  return rows.map((r) => {
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
      progress: { ...emptySyncProgress, phase: "done", ...(typeof r.sync_progress === "object" && r.sync_progress !== null ? (r.sync_progress as Partial<SyncProgress>) : {}) },
      executions: r.executions,
      lastError: r.last_error,
      errorDetails: details.success ? details.data : null,
      partialHistories: Object.entries(readSyncCursor(r.sync_cursor).express)
        .filter(([, v]) => v.partialReason !== null)
        .map(([stateMachineArn, v]) => ({ stateMachineArn, reason: v.partialReason ?? "" })),
      settings: settings.success ? settings.data : syncSourceSettingsSchema.parse({}),
      filter: filter.mode === "all" ? "all state machines" : filter.mode === "prefix" ? `names starting ${filter.prefix}` : `tag ${filter.tagKey}${filter.tagValue ? `=${filter.tagValue}` : ""}`,
    };
  });
}
