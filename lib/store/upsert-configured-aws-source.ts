import type { NewAwsSourceFields } from "./create-aws-source";
import type { TransactionClient } from "./transaction-client";

/** An AWS source as a sources config declares it: the fields of a new one. */
export type ConfiguredAwsSource = NewAwsSourceFields;

/** What {@link upsertConfiguredAwsSource} did; `other-kind`: the name is a source of another kind (nothing written). */
export type ConfiguredSourceOutcome =
  | { readonly outcome: "created" | "updated" | "unchanged"; readonly id: number }
  | { readonly outcome: "other-kind"; readonly kind: string };

/**
 * Adds the AWS source `source.name`, or gives the stored AWS source of that name the
 * config's region, account, endpoint and settings (its data, cursor and sync state stay),
 * locking its row in the caller's transaction. An unchanged source is not written.
 */
export async function upsertConfiguredAwsSource(
  client: TransactionClient,
  source: ConfiguredAwsSource,
): Promise<ConfiguredSourceOutcome> {
  const values = [
    source.name,
    source.region,
    source.accountId ?? null,
    source.endpoint ?? null,
    JSON.stringify(source.settings),
  ];
  const { rows } = await client.query<{ id: number; kind: string; same: boolean }>(
    `SELECT id, kind::text AS kind,
            (region IS NOT DISTINCT FROM $2 AND account_id IS NOT DISTINCT FROM $3 AND endpoint IS NOT DISTINCT FROM $4
             AND settings = $5::jsonb) AS same
       FROM sources WHERE name = $1 FOR UPDATE`,
    values,
  );
  const stored = rows[0];
  if (stored && stored.kind !== "AWS") return { outcome: "other-kind", kind: stored.kind };
  if (stored?.same) return { outcome: "unchanged", id: stored.id };
  if (stored) {
    await client.query(
      `UPDATE sources SET region = $2, account_id = $3, endpoint = $4, settings = $5::jsonb, updated_at = now() WHERE name = $1`,
      values,
    );
    return { outcome: "updated", id: stored.id };
  }
  const inserted = await client.query<{ id: number }>(
    `INSERT INTO sources (kind, name, region, account_id, endpoint, settings, updated_at) VALUES ('AWS', $1, $2, $3, $4, $5::jsonb, now()) RETURNING id`,
    values,
  );
  return { outcome: "created", id: inserted.rows[0]!.id };
}
