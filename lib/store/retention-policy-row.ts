import type { TransactionClient } from "./transaction-client";
import {
  RETENTION_SETTING_KEY,
  defaultRetentionPolicy,
  retentionPolicySchema,
  type RetentionPolicy,
} from "@/lib/retention/retention-policy";

/** The retention policy's row in `app_settings` (the store owns retention: it applies it too). */
export const retentionPolicyRow = {
  /** The stored policy, or {@link defaultRetentionPolicy} (keep everything) when none is, or it no longer parses. */
  async read(client: TransactionClient): Promise<RetentionPolicy> {
    const { rows } = await client.query<{ value: unknown }>("SELECT value FROM app_settings WHERE key = $1", [
      RETENTION_SETTING_KEY,
    ]);
    if (rows.length === 0) return defaultRetentionPolicy;
    const parsed = retentionPolicySchema.safeParse(rows[0]!.value);
    return parsed.success ? parsed.data : defaultRetentionPolicy;
  },
  /** Replaces the policy (inside the caller's transaction, beside its audit row). */
  async save(client: TransactionClient, policy: RetentionPolicy): Promise<void> {
    await client.query(
      `INSERT INTO app_settings (key, value, updated_at) VALUES ($1, $2::jsonb, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [RETENTION_SETTING_KEY, JSON.stringify(retentionPolicySchema.parse(policy))],
    );
  },
};
