import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, migrationsDir, type TestDatabase } from "../../test/db";
import { applyMigrations } from "./migrate";

const MIGRATION = "20261205100000_executions_by_month";

let db: TestDatabase | undefined;
afterAll(async () => {
  await db?.drop();
});

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db!.pool.query(sql, params);
  return rows[0] as T;
}

describe(`migration ${MIGRATION}`, () => {
  it("moves stored executions and everything derived from them into monthly partitions, and deletes still cascade", async () => {
    db = await createTestDatabase({ migrated: false });
    const before = await mkdtemp(join(tmpdir(), "stepscope-migrations-"));
    await cp(migrationsDir(), before, { recursive: true });
    // The store as it was before the migration: it and every later one (some need its partitions) removed.
    const later = (await readdir(before)).filter((name) => name >= MIGRATION && !name.endsWith(".toml")).sort();
    for (const name of later) await rm(join(before, name), { recursive: true });
    await applyMigrations(db.pool, before);
    const q = (sql: string, params: unknown[] = []) => db!.pool.query(sql, params);
    await q("INSERT INTO sources (id, kind, name) VALUES (1, 'UPLOAD', 'u')");
    await q("INSERT INTO state_machines (id, arn, name, type, source_id) VALUES (1, 'arn:sm', 'M', 'STANDARD', 1)");
    // March and April 2025 (no events partition yet: their events sit in history_events_default), a child in April.
    for (const [id, start, parent] of [
      [1, "2025-03-10T00:00:00Z", null],
      [2, "2025-04-10T00:00:00Z", null],
      [3, "2025-04-11T00:00:00Z", 1],
    ] as const) {
      await q(
        `INSERT INTO executions (id, execution_arn, name, state_machine_id, source_id, type, status, start_date, input, parent_execution_id)
         VALUES ($1::bigint, 'arn:e' || $1::text, 'e' || $1::text, 1, 1, 'STANDARD', 'SUCCEEDED', $2, '{"amount": 7}', $3)`,
        [id, start, parent],
      );
      await q(
        `INSERT INTO history_events (execution_id, event_id, previous_event_id, "timestamp", type, details, start_date)
         VALUES ($1, 1, 0, $2, 'ExecutionStarted', '{}', $2), ($1, 2, 1, $2, 'ExecutionSucceeded', '{}', $2)`,
        [id, start],
      );
      await q(
        `INSERT INTO state_runs (id, execution_id, key, name, state_type, scope, entered_event_id, entered_at, status)
         VALUES ($1, $1, 'A#2', 'A', 'Task', '[]', 2, $2, 'SUCCEEDED')`,
        [id, start],
      );
      await q(
        "INSERT INTO attempts (state_run_id, index, start_event_id, started_at, status) VALUES ($1, 0, 2, $2, 'SUCCEEDED')",
        [id, start],
      );
    }
    await q(
      `INSERT INTO map_runs (map_run_arn, execution_id, status, start_date, max_concurrency, tolerated_failure_percentage,
         tolerated_failure_count, item_counts, execution_counts) VALUES ('arn:mr', 1, 'SUCCEEDED', now(), 0, 0, 0, '{}', '{}')`,
    );
    await q("SELECT setval('executions_id_seq', 3), setval('state_runs_id_seq', 3)");

    const { applied } = await applyMigrations(db.pool, migrationsDir());
    expect(applied).toEqual(later);
    expect(applied[0]).toBe(MIGRATION);

    const partitionOf = (table: string, where: string) =>
      one<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM ${table} WHERE ${where}`);
    for (const table of ["executions", "history_events", "state_runs", "attempts", "execution_payload_numbers"]) {
      const key = table === "executions" ? "id" : table === "attempts" ? "state_run_id" : "execution_id";
      expect(await partitionOf(table, `${key} = 1 LIMIT 1`)).toEqual({ p: `${table}_p2025_03` });
      expect(await partitionOf(table, `${key} = 2 LIMIT 1`)).toEqual({ p: `${table}_p2025_04` });
    }
    expect(
      await one(
        "SELECT (SELECT count(*) FROM history_events)::int AS events, (SELECT count(*) FROM attempts)::int AS attempts",
      ),
    ).toEqual({ events: 6, attempts: 3 });
    expect(await one("SELECT count(*)::int AS n FROM history_events_default")).toEqual({ n: 0 });
    expect(await one("SELECT value::int AS v FROM execution_payload_numbers WHERE execution_id = 2")).toEqual({ v: 7 });
    expect(await one("SELECT start_date FROM attempts WHERE state_run_id = 3")).toEqual({
      start_date: new Date("2025-04-11T00:00:00Z"),
    });
    // The sequences still belong to the tables and go on from where they were.
    expect(await one("SELECT nextval(pg_get_serial_sequence('executions', 'id'))::int AS id")).toEqual({ id: 4 });

    // Deleting an execution removes its rows and clears the links to it, as the foreign keys did.
    await q("DELETE FROM executions WHERE id = 1");
    expect(
      await one(
        `SELECT (SELECT count(*) FROM history_events WHERE execution_id = 1)::int AS events,
                (SELECT count(*) FROM state_runs WHERE execution_id = 1)::int AS runs,
                (SELECT count(*) FROM attempts WHERE state_run_id = 1)::int AS attempts,
                (SELECT count(*) FROM execution_payload_numbers WHERE execution_id = 1)::int AS numbers,
                (SELECT count(*) FROM map_runs)::int AS map_runs,
                (SELECT parent_execution_id FROM executions WHERE id = 3) AS parent`,
      ),
    ).toEqual({ events: 0, runs: 0, attempts: 0, numbers: 0, map_runs: 0, parent: null });
    expect(await one("SELECT count(*)::int AS n FROM attempts")).toEqual({ n: 2 });
  });
});
