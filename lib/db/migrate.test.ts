import { createHash } from "node:crypto";
import { cp, mkdtemp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, migrationsDir, type TestDatabase } from "../../test/db";
import { applyMigrations, MigrationError } from "./migrate";

const databases: TestDatabase[] = [];
async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase({ migrated: false });
  databases.push(db);
  return db;
}
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()));
});

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(migrationsDir(), { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "stepscope-migrations-"));
  await cp(migrationsDir(), dir, { recursive: true });
  return dir;
}

describe("applyMigrations", () => {
  it("applies every migration once and records it as Prisma does, with the sha256 of the file", async () => {
    const db = await emptyDatabase();
    const first = await applyMigrations(db.pool, migrationsDir());
    expect(first.applied).toEqual(await migrationNames());
    const second = await applyMigrations(db.pool, migrationsDir());
    expect(second.applied).toEqual([]);

    const { rows } = await db.pool.query(
      `SELECT id, checksum, migration_name, finished_at, rolled_back_at, applied_steps_count, logs FROM "_prisma_migrations"`,
    );
    const sql = await readFile(join(migrationsDir(), "20250101000000_init", "migration.sql"));
    const init = rows.find((r) => r.migration_name === "20250101000000_init");
    expect(init.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
    expect(init.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(init.finished_at).toBeInstanceOf(Date);
    expect(init.rolled_back_at).toBeNull();
    expect(init.applied_steps_count).toBe(1);
  });

  it("refuses to start when an applied migration's file was changed, naming the migration", async () => {
    const db = await emptyDatabase();
    const dir = await copyOfMigrations();
    await applyMigrations(db.pool, dir);
    const file = join(dir, "20250101000000_init", "migration.sql");
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited\n`);
    const attempt = applyMigrations(db.pool, dir);
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toThrow(/20250101000000_init was modified/);
  });

  it("rolls back a failing migration, records nothing for it and names it", async () => {
    const db = await emptyDatabase();
    const dir = await copyOfMigrations();
    await mkdir(join(dir, "20990101000000_broken"));
    await writeFile(
      join(dir, "20990101000000_broken", "migration.sql"),
      `CREATE TABLE "half_done" ("id" INTEGER);\nSELECT no_such_function();\n`,
    );
    await expect(applyMigrations(db.pool, dir)).rejects.toThrow(/20990101000000_broken failed/);
    const { rows } = await db.pool.query(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => r.migration_name)).toEqual(await migrationNames());
    const { rows: tables } = await db.pool.query(`SELECT to_regclass('half_done') AS t`);
    expect(tables[0].t).toBeNull();
  });

  it("applies each migration exactly once when two processes start at the same time", async () => {
    const db = await emptyDatabase();
    const a = new pg.Client({ connectionString: db.url });
    const b = new pg.Client({ connectionString: db.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      const [ra, rb] = await Promise.all([applyMigrations(a, migrationsDir()), applyMigrations(b, migrationsDir())]);
      const names = await migrationNames();
      expect([...ra.applied, ...rb.applied].sort()).toEqual(names);
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
      expect(rows[0].n).toBe(names.length);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("leaves a schema the generated Prisma client can write and read every model of", async () => {
    const db = await createTestDatabase();
    databases.push(db);
    const { prisma } = db;
    const source = await prisma.source.create({ data: { kind: "AWS", name: "prod", region: "eu-west-1" } });
    const machine = await prisma.stateMachine.create({
      data: { arn: "arn:aws:states:eu-west-1:1:stateMachine:M", name: "M", type: "STANDARD", sourceId: source.id },
    });
    const definition = await prisma.stateMachineDefinition.create({
      data: { stateMachineId: machine.id, hash: "h", definition: "{}" },
    });
    const execution = await prisma.execution.create({
      data: {
        executionArn: "arn:aws:states:eu-west-1:1:execution:M:e",
        name: "e",
        stateMachineId: machine.id,
        definitionId: definition.id,
        sourceId: source.id,
        type: "STANDARD",
        status: "FAILED",
        startDate: new Date("2024-01-01T00:00:00Z"),
        error: "States.TaskFailed",
      },
    });
    await prisma.historyEvent.create({
      data: {
        executionId: execution.id,
        startDate: execution.startDate,
        eventId: 1,
        previousEventId: 0,
        timestamp: new Date(),
        type: "ExecutionStarted",
        details: {},
      },
    });
    const run = await prisma.stateRun.create({
      data: {
        executionId: execution.id,
        startDate: execution.startDate,
        key: "A#2",
        name: "A",
        stateType: "Task",
        scope: [],
        enteredEventId: 2,
        enteredAt: new Date(),
        status: "FAILED",
      },
    });
    await prisma.attempt.create({
      data: {
        stateRunId: run.id,
        startDate: run.startDate,
        index: 0,
        startEventId: 3,
        startedAt: new Date(),
        status: "FAILED",
      },
    });
    await prisma.executionDailyRollup.create({
      data: { day: new Date("2024-01-01"), stateMachineId: machine.id, sourceId: source.id, total: 1, failed: 1 },
    });
    const user = await prisma.user.create({ data: { username: "ops", passwordHash: "x", role: "ADMIN" } });
    await prisma.auditLog.create({
      data: { userId: user.id, actor: "ops", action: "redrive", targetType: "execution" },
    });

    const found = await prisma.execution.findMany({
      where: { status: "FAILED", error: { contains: "TaskFailed" } },
      include: { stateRuns: { include: { attempts: true } }, events: true },
      orderBy: { startDate: "desc" },
    });
    expect(found).toHaveLength(1);
    expect(found[0]?.stateRuns[0]?.attempts).toHaveLength(1);
  });
});
