import type { TransactionClient } from "./transaction-client";

/** A new AWS source's fields (lib/ingest's `NewAwsSource`, validated). */
export interface NewAwsSourceFields {
  readonly name: string;
  readonly region: string;
  readonly accountId?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly settings: unknown;
}

/** Stores a new AWS source; null when the name is taken. */
export async function createAwsSource(
  client: TransactionClient,
  input: NewAwsSourceFields,
): Promise<{ id: number } | null> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO sources (kind, name, region, account_id, endpoint, settings) VALUES ('AWS', $1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (name) DO NOTHING RETURNING id`,
    [input.name, input.region, input.accountId ?? null, input.endpoint ?? null, JSON.stringify(input.settings)],
  );
  return rows[0] ?? null;
}
