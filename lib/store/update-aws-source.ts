import type { TransactionClient } from "./transaction-client";

/** What an AWS source's edit changes (lib/ingest's `AwsSourceEdit`, validated): `null` clears, absent keeps. */
export interface AwsSourceChange {
  readonly accountId?: string | null | undefined;
  readonly endpoint?: string | null | undefined;
  readonly settings: unknown;
}

/**
 * Applies `edit` to the AWS source `id` (the next sync uses it; what was synced stays),
 * locking its row in the caller's transaction. Returns the fields before and after, or
 * null when there is no AWS source `id`. `check` sees the stored region before anything is
 * written and throws to refuse the edit (the endpoint allow-list).
 */
export async function updateAwsSource(
  client: TransactionClient,
  id: number,
  edit: AwsSourceChange,
  check: (stored: { readonly region: string | null }) => void = () => {},
): Promise<{ before: Record<string, unknown>; after: Record<string, unknown> } | null> {
  const { rows } = await client.query<{
    account_id: string | null;
    endpoint: string | null;
    settings: unknown;
    region: string | null;
  }>(`SELECT account_id, endpoint, settings, region FROM sources WHERE id = $1 AND kind = 'AWS' FOR UPDATE`, [id]);
  const stored = rows[0];
  if (!stored) return null;
  check(stored);
  const after = {
    accountId: edit.accountId === undefined ? stored.account_id : edit.accountId,
    endpoint: edit.endpoint === undefined ? stored.endpoint : edit.endpoint,
    settings: edit.settings,
  };
  await client.query(
    `UPDATE sources SET account_id = $2, endpoint = $3, settings = $4::jsonb, updated_at = now() WHERE id = $1`,
    [id, after.accountId, after.endpoint, JSON.stringify(after.settings)],
  );
  return { before: { accountId: stored.account_id, endpoint: stored.endpoint, settings: stored.settings }, after };
}
