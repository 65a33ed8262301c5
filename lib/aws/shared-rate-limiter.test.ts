import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase, type Database } from "@/lib/db/database";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { createRateLimitBuckets } from "@/lib/store/create-rate-limit-buckets";
import { SharedRateLimiter } from "./shared-rate-limiter";

let db: TestDatabase;
/** A second pool: another process's connections. */
let other: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  other = connectDatabase(db.url, { max: 2 });
});
afterAll(async () => {
  await other.pool.end();
  await other.prisma.$disconnect();
  await db.drop();
});

/** Resolves true when `take` got a token within `ms`, false when it was still waiting (the wait is then abandoned). */
async function granted(take: (signal: AbortSignal) => Promise<void>, ms = 300): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("still waiting")), ms);
  try {
    await take(controller.signal);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

describe("SharedRateLimiter", () => {
  it("makes two processes share one bucket per account, region and API", async () => {
    // A bucket of 3 that hardly refills: together the two get 3 calls, not 3 each.
    const quotas = { GetExecutionHistory: { capacity: 3, refillPerSecond: 0.01 } };
    const a = new SharedRateLimiter(createRateLimitBuckets(db), quotas).bucket(
      "111111111111",
      "us-east-1",
      "GetExecutionHistory",
    );
    const b = new SharedRateLimiter(createRateLimitBuckets(other), quotas).bucket(
      "111111111111",
      "us-east-1",
      "GetExecutionHistory",
    );
    const results = [
      await granted((s) => a.take(s)),
      await granted((s) => b.take(s)),
      await granted((s) => a.take(s)),
      await granted((s) => b.take(s)),
    ];
    expect(results).toEqual([true, true, true, false]);
    // Another API, region or account has a bucket of its own.
    expect(
      await granted((s) =>
        new SharedRateLimiter(createRateLimitBuckets(other), quotas)
          .bucket("111111111111", "us-east-1", "DescribeExecution")
          .take(s),
      ),
    ).toBe(true);
    expect(
      await granted((s) =>
        new SharedRateLimiter(createRateLimitBuckets(other), quotas)
          .bucket("111111111111", "eu-west-1", "GetExecutionHistory")
          .take(s),
      ),
    ).toBe(true);
    expect(
      await granted((s) =>
        new SharedRateLimiter(createRateLimitBuckets(other), quotas)
          .bucket("222222222222", "us-east-1", "GetExecutionHistory")
          .take(s),
      ),
    ).toBe(true);
  });

  it("lets a waiting call through once the refill has paid for its turn", async () => {
    const bucket = new SharedRateLimiter(createRateLimitBuckets(db), {
      ListExecutions: { capacity: 1, refillPerSecond: 20 },
    }).bucket("333333333333", "us-east-1", "ListExecutions");
    await bucket.take();
    // The next token comes 50 ms later: well within the window.
    expect(await granted((s) => bucket.take(s), 2_000)).toBe(true);
  });

  it("uses AWS's default quotas without overrides, and empties on drain", async () => {
    const bucket = new SharedRateLimiter(createRateLimitBuckets(db)).bucket(
      "444444444444",
      "ap-south-1",
      "FilterLogEvents",
    );
    for (let i = 0; i < 5; i += 1) expect(await granted((s) => bucket.take(s))).toBe(true);
    const { rows } = await db.pool.query<{ tokens: number }>(
      "SELECT tokens FROM aws_rate_limits WHERE key = '444444444444|ap-south-1|FilterLogEvents'",
    );
    expect(rows[0]!.tokens).toBeLessThan(1);
    // The drain and the takes after it on a clock of the test's own: a refill between them
    // (20 a second for DescribeStateMachine) cannot depend on how loaded the machine is.
    let now = new Date("2026-01-01T00:00:00Z");
    const fresh = new SharedRateLimiter(createRateLimitBuckets(db, { now: () => now })).bucket(
      "555555555555",
      "ap-south-1",
      "DescribeStateMachine",
    );
    await fresh.take();
    await fresh.drain();
    // Nothing left at the instant of the drain: the next take queues (it waits 50 ms for its token).
    expect(await granted((s) => fresh.take(s), 20)).toBe(false);
    // 100 ms later the refill (2 tokens) has paid off the queued take and leaves one: granted.
    now = new Date(now.getTime() + 100);
    expect(await granted((s) => fresh.take(s), 20)).toBe(true);
  });
});
