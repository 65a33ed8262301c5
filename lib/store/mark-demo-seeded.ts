import type { TransactionClient } from "./transaction-client";

/** Records (once) that the demo source was seeded, so no later start seeds it again, even after its removal. */
export async function markDemoSeeded(
  client: TransactionClient,
  seeded: { readonly at: string; readonly count: number },
): Promise<void> {
  await client.query(
    "INSERT INTO app_settings (key, value) VALUES ('demo.seeded', $1::jsonb) ON CONFLICT (key) DO NOTHING",
    [JSON.stringify(seeded)],
  );
}
