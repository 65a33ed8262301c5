import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/db/generated/client";
import { ensureExecutionPartitions } from "@/lib/store/execution-partitions";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { countExecutions } from "./count-executions";

// A text search's count over a table large enough to be estimated from a block sample
// (over 40,000 executions), its executions spread over three months' partitions.
const NOW = new Date("2026-11-20T12:00:00.000Z");
const ROWS = 60_000;
const DAY = 86_400_000;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await ensureExecutionPartitions(db.pool, new Date(NOW.getTime() - 92 * DAY), 1);
  await db.pool.query(
    `INSERT INTO sources (id, kind, name) VALUES (1, 'UPLOAD', 'uploads');
     INSERT INTO state_machines (id, arn, name, type, source_id)
       VALUES (1, 'arn:aws:states:us-east-1:111111111111:stateMachine:Big', 'Big', 'STANDARD', 1)`,
  );
  // One execution every 2 minutes back from NOW (60,000 over ~83 days); every 7th failed "Declined".
  await db.pool.query(
    `INSERT INTO executions (execution_arn, name, state_machine_id, source_id, type, status, start_date, error)
     SELECT 'arn:aws:states:us-east-1:111111111111:execution:Big:x' || i, 'x' || i, 1, 1, 'STANDARD',
            CASE WHEN i % 7 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END::execution_status,
            $1::timestamptz - i * interval '2 minutes', CASE WHEN i % 7 = 0 THEN 'Card Declined' END
       FROM generate_series(1, $2::int) i`,
    [NOW, ROWS],
  );
  await db.pool.query("ANALYZE executions");
}, 120_000);
afterAll(async () => {
  await db.drop();
});

const declined = Prisma.sql`(e.error IS NOT NULL AND e.error ILIKE '%Declined%')`;
const since = (days: number) => Prisma.sql`e.start_date >= ${new Date(NOW.getTime() - days * DAY)}`;

async function exact(conditions: Prisma.Sql[]): Promise<number> {
  const [row] = await db.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM executions e WHERE ${Prisma.join(conditions, " AND ")}`;
  return row!.n;
}

describe("countExecutions of a text search on a large table", () => {
  it.each([
    ["every month", [declined]],
    ["the last 30 days (two months' partitions)", [declined, since(30)]],
  ])("estimates %s from a sample, within 25 % of the exact count", async (_what, conditions) => {
    const want = await exact(conditions);
    const got = await countExecutions(db.prisma, conditions, true);
    expect(got.kind).toBe("estimate");
    expect(Math.abs(got.total - want) / want).toBeLessThan(0.25);
  });

  it("counts exactly (within its time budget) when the sample finds too few to estimate", async () => {
    const rare = Prisma.sql`e.name = 'x7'`;
    const got = await countExecutions(db.prisma, [declined, rare], true);
    expect(got).toEqual({ kind: "exact", total: 1 });
  });
});
