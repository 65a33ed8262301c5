import type { Database } from "@/lib/db/database";

/**
 * The ad-hoc AWS source for `region` (and `endpoint`), created on first use and named
 * after them (`aws:us-east-1`, `aws:us-east-1@http://localhost:4566`).
 */
export async function ensureAwsSource(
  db: Database,
  where: { readonly region: string; readonly endpoint?: string },
): Promise<{ id: number; name: string }> {
  const name = where.endpoint ? `aws:${where.region}@${where.endpoint}` : `aws:${where.region}`;
  const { rows } = await db.pool.query<{ id: number; name: string }>(
    `INSERT INTO sources (kind, name, region, endpoint) VALUES ('AWS', $1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET region = EXCLUDED.region RETURNING id, name`,
    [name, where.region, where.endpoint ?? null],
  );
  return rows[0]!;
}
