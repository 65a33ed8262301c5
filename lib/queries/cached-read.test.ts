import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { buildExecutionHistory } from "@/test/builders/execution-history";
import { storeExecution } from "@/lib/store/store-execution";
import { newRenderReads, trackRenderReads } from "@/lib/db/render-reads";
import { cachedRead } from "./cached-read";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  // Tables a cached read may read are counted by the write counters the cache's versions are
  // (migrations 20261206003000_read_versions, 20261208001000_read_versions_per_table), with their counter rows.
  for (const table of ["cached_read_probe", "cached_read_other"]) {
    await db.pool.query(`CREATE TABLE ${table} (n int NOT NULL)`);
    await db.pool.query(
      `CREATE TRIGGER ${table}_note_data_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION "note_data_write_trigger"()`,
    );
    await db.pool.query(
      `INSERT INTO read_versions (scope, table_name, shard) SELECT s, $1, 0 FROM unnest(ARRAY['production', 'local']) AS s`,
      [table],
    );
  }
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
    const everything = async () => {
      allReads += 1;
      return (await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions")).rows[0]!.n;
    };
    await cachedRead(db, ["figures"], everything);
    await storeExecution(db, local.parsed, local.derived, { kind: "LOCAL", name: "local" });
    const again = buildExecutionHistory({ name: "another-local-run", stateMachineName: "Loop" });
    await storeExecution(db, again.parsed, again.derived, { kind: "LOCAL", name: "local" });
    await cachedRead(db, ["figures"], everything);
    expect(allReads).toBe(2);

    const aws = buildExecutionHistory({ name: "from-aws", stateMachineName: "Orders" });
    await storeExecution(db, aws.parsed, aws.derived, { kind: "AWS", name: "prod" });
    expect(await read()).toBe(3);
    expect(reads).toBe(2);
  });
});

describe("cachedRead's tables", () => {
  const sum = (table: string) => async () =>
    (await db.pool.query<{ n: number }>(`SELECT coalesce(sum(n), 0)::int AS n FROM ${table}`)).rows[0]!.n;

  it("serves a read again across writes to tables its queries did not name, and reads again after a write to one they did", async () => {
    const read = () => cachedRead(db, ["tables", "probe"], sum("cached_read_probe"));
    const first = await read();
    await db.pool.query("INSERT INTO cached_read_other VALUES (7)");
    let again = 0;
    expect(await cachedRead(db, ["tables", "probe"], async () => (again += 1))).toBe(first);
    expect(again).toBe(0);
    await db.pool.query("INSERT INTO cached_read_probe VALUES (4)");
    expect(await read()).toBe(first + 4);
  });

  it("makes a read whose queries it could not see (a transaction's connection) depend on every table", async () => {
    const inTransaction = async () =>
      db.prisma.$transaction(async (tx) => (await tx.$queryRaw<{ n: number }[]>`SELECT 1::int AS n`)[0]!.n);
    await cachedRead(db, ["tables", "transaction"], inTransaction);
    await db.pool.query("INSERT INTO cached_read_other VALUES (1)");
    let reads = 0;
    await cachedRead(db, ["tables", "transaction"], async () => (reads += 1));
    expect(reads).toBe(1);
  });

  it("makes a cached read that contains another depend on the inner one's tables, whether the inner one was served again or read", async () => {
    const inner = () => cachedRead(db, ["tables", "inner"], sum("cached_read_other"));
    const outer = () => cachedRead(db, ["tables", "outer"], async () => `outer of ${await inner()}`);
    // Inner served from the cache inside the outer's first read, then read afresh inside another outer.
    const before = await inner();
    expect(await outer()).toBe(`outer of ${before}`);
    await db.pool.query("INSERT INTO cached_read_other VALUES (3)");
    expect(await outer()).toBe(`outer of ${before + 3}`);
    await db.pool.query("INSERT INTO cached_read_other VALUES (2)");
    expect(await outer()).toBe(`outer of ${before + 5}`);
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
    // The Prisma count names the users table; the pool query no table: it depends on none.
    expect([...covered.versions.keys()].sort()).toEqual(["production:users"]);
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
