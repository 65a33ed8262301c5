import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { storeExecution } from "@/lib/store/store-execution";
import { newRenderReads, trackRenderReads } from "@/lib/db/render-reads";
import { cachedRead } from "./cached-read";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query("CREATE TABLE cached_read_probe (n int NOT NULL)");
  // A table a cached read may read is counted by the write counters the cache's version sums (migration 20261206003000_read_versions).
  await db.pool.query(
    'CREATE TRIGGER cached_read_probe_note_data_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cached_read_probe FOR EACH STATEMENT EXECUTE FUNCTION "note_data_write_trigger"()',
  );
  await db.pool.query("INSERT INTO cached_read_probe VALUES (1)");
});
afterAll(async () => {
  await db.drop();
});

describe("cachedRead", () => {
  it("serves requests that arrive together from one read, and a committed write makes the next request read again", async () => {
    let reads = 0;
    const read = async () => {
      reads += 1;
      const { rows } = await db.pool.query<{ n: number }>("SELECT sum(n)::int AS n FROM cached_read_probe");
      return rows[0]!.n;
    };
    // Other test files write to the same database's counted tables (the counters are the version):
    // a batch that straddled one of their writes reads twice; one of a few batches does not.
    let shared = false;
    for (let attempt = 0; attempt < 10 && !shared; attempt += 1) {
      await db.pool.query("INSERT INTO cached_read_probe VALUES (0)");
      reads = 0;
      const answers = await Promise.all(Array.from({ length: 10 }, () => cachedRead(db, ["probe", 1], read)));
      expect(answers).toEqual(Array(10).fill(1));
      shared = reads === 1;
    }
    expect(shared).toBe(true);

    // Written through another connection (another process would do the same): never served stale.
    await db.pool.query("INSERT INTO cached_read_probe VALUES (2)");
    expect(await cachedRead(db, ["probe", 1], read)).toBe(3);
  });

  it("keeps results apart by key and does not keep a failed read", async () => {
    expect(await cachedRead(db, ["probe", "a"], async () => "a")).toBe("a");
    expect(await cachedRead(db, ["probe", "b"], async () => "b")).toBe("b");
    await expect(
      cachedRead(db, ["probe", "c"], async () => {
        throw new Error("database refused");
      }),
    ).rejects.toThrow("database refused");
    expect(await cachedRead(db, ["probe", "c"], async () => "read again")).toBe("read again");
  });

  it("keeps apart keys that differ only inside a Map or a Set (an overlay's iteration choices)", async () => {
    // Read back to back, in one database version: a collision would serve the first answer twice.
    const [one, all] = await Promise.all([
      cachedRead(db, ["overlay", new Map([["Map", 56]])], async () => "iteration 56"),
      cachedRead(db, ["overlay", new Map()], async () => "all iterations"),
    ]);
    expect([one, all]).toEqual(["iteration 56", "all iterations"]);
    const sets = await Promise.all([
      cachedRead(db, ["set", new Set(["a"])], async () => "a"),
      cachedRead(db, ["set", new Set(["b"])], async () => "b"),
    ]);
    expect(sets).toEqual(["a", "b"]);
  });

  it("asks the database's version once for reads that arrive together, and again for a read that comes after", async () => {
    let versionQueries = 0;
    const pool = {
      query: (text: string) => {
        if (text.includes("FROM read_versions")) versionQueries += 1;
        return db.pool.query(text);
      },
    } as unknown as TestDatabase["pool"];
    const sum = async () =>
      (await db.pool.query<{ n: number }>("SELECT sum(n)::int AS n FROM cached_read_probe")).rows[0]!.n;
    const before = await sum();
    const together = await Promise.all(["x", "y", "z"].map((k) => cachedRead({ pool }, ["together", k], sum)));
    expect(together).toEqual([before, before, before]);
    expect(versionQueries).toBe(1);

    // A write committed after that question was answered: the next read asks again and sees it.
    await db.pool.query("INSERT INTO cached_read_probe VALUES (5)");
    expect(await cachedRead({ pool }, ["together", "x"], sum)).toBe(before + 5);
    expect(versionQueries).toBe(2);
  });

  it("serves a read that leaves local runs out again after a local run is stored, and reads again after a production execution is", async () => {
    let reads = 0;
    const figures = async () => {
      reads += 1;
      return (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions")).rows[0]!.n;
    };
    const read = () => cachedRead(db, ["figures"], figures, { sees: "production" });
    await read();
    const local = buildExecutionHistory({ name: "looping-local-run", stateMachineName: "Loop" });
    await storeExecution(db, local.parsed, local.derived, { kind: "LOCAL", name: "local" });
    await read();
    expect(reads).toBe(1);
    // The same read that sees every write (the executions list shows local runs) reads again.
    let allReads = 0;
    await cachedRead(db, ["figures"], async () => (allReads += 1));
    await storeExecution(db, local.parsed, local.derived, { kind: "LOCAL", name: "local" });
    const again = buildExecutionHistory({ name: "another-local-run", stateMachineName: "Loop" });
    await storeExecution(db, again.parsed, again.derived, { kind: "LOCAL", name: "local" });
    await cachedRead(db, ["figures"], async () => (allReads += 1));
    expect(allReads).toBe(2);

    const aws = buildExecutionHistory({ name: "from-aws", stateMachineName: "Orders" });
    await storeExecution(db, aws.parsed, aws.derived, { kind: "AWS", name: "prod" });
    expect(await read()).toBe(3);
    expect(reads).toBe(2);
  });
});

describe("what a render read, for the render cache", () => {
  it("notes each cached read's version by kind, and a query outside a cached read (pool or Prisma) as uncovered", async () => {
    const covered = newRenderReads();
    await trackRenderReads(covered, async () => {
      await cachedRead(db, ["render-probe", "data"], async () => (await db.pool.query("SELECT 1 AS n")).rows);
      await cachedRead(db, ["render-probe", "production"], () => db.prisma.user.count(), { sees: "production" });
    });
    expect(covered.cachedReads).toBe(2);
    expect([...covered.versions.keys()].sort()).toEqual(["data", "production"]);
    expect(covered.uncovered).toBe(false);

    const pool = newRenderReads();
    await trackRenderReads(pool, async () => {
      await cachedRead(db, ["render-probe", "data"], async () => (await db.pool.query("SELECT 1 AS n")).rows);
      await db.pool.query("SELECT 2");
    });
    expect(pool.uncovered).toBe(true);

    const prisma = newRenderReads();
    await trackRenderReads(prisma, async () => await db.prisma.user.count());
    expect(prisma.uncovered).toBe(true);

    // Outside a render nothing is noted (route handlers, scripts).
    const untouched = newRenderReads();
    await db.pool.query("SELECT 3");
    expect(untouched).toEqual(newRenderReads());
  });
});
