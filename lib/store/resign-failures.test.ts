import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExecutionHistory } from "../../test/builders/execution-history";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import type { ParsedExecution } from "../history/types";
import { deriveHistory } from "../history/derive-history";
import { storeExecution } from "./store-execution";
import { FAILURE_SIGNATURE_VERSION, normalizeCause } from "@/lib/analytics/failure-signature";
import { failureSignatureVersionKey, resignFailures } from "./resign-failures";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** `parsed` with every `cause` in its events replaced. */
function withCause(parsed: ParsedExecution, cause: string): ParsedExecution {
  const events = parsed.events.map(
    (e) =>
      JSON.parse(
        JSON.stringify(e).replace(/"cause":"(?:[^"\\]|\\.)*"/g, () => `"cause":${JSON.stringify(cause)}`),
      ) as typeof e,
  );
  return { ...parsed, events };
}

async function store(name: string, cause: string): Promise<void> {
  const { parsed } = buildExecutionHistory({
    name,
    stateMachineName: "Images",
    status: "FAILED",
    tasks: 2,
    startDate: "2025-06-01T10:00:00.000Z",
  });
  const changed = withCause(parsed, cause);
  await storeExecution(db, changed, deriveHistory(changed.events), { kind: "UPLOAD", name: "uploads" });
}

/** The failure groups as the Failures page counts them: signature → executions. */
async function groups(): Promise<Record<string, number>> {
  const { rows } = await db.pool.query<{ cause: string; n: number }>(
    `SELECT s.normalized_cause AS cause, sum(r.count)::int AS n FROM failure_signature_daily_rollups r JOIN failure_signatures s USING (signature)
      GROUP BY s.normalized_cause HAVING sum(r.count) > 0 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.cause, r.n]));
}

describe("failure signatures", () => {
  it("strip short hex key segments, so one timeout on different objects is one failure", () => {
    expect(normalizeCause("Task timed out after 3.00 seconds (uploads/4e7b/12.jpg)")).toBe(
      "Task timed out after <n> seconds (uploads/<id>/<n>.jpg)",
    );
    expect(normalizeCause("Task timed out after 3.00 seconds (uploads/9fc1/7.jpg)")).toBe(
      "Task timed out after <n> seconds (uploads/<id>/<n>.jpg)",
    );
    // Not ids: hex-looking words without a digit, and letters+digit tokens with other letters (their numbers go as numbers).
    expect(normalizeCause("decade deadbeef utf8 ec2 base64")).toBe("decade deadbeef utf<n> ec<n> base<n>");
  });
});

describe("resignFailures", () => {
  it("moves failures signed by older rules to their current group once, keeping every count", async () => {
    await store("a", "Task timed out (uploads/4e7b/1.jpg)");
    await store("b", "Task timed out (uploads/9fc1/2.jpg)");
    await store("c", "Disk full");
    const expected = await groups();
    expect(expected).toEqual({ "Disk full": 1, "Task timed out (uploads/<id>/<n>.jpg)": 2 });

    // As older rules left them: b under a group of its own.
    const { rows } = await db.pool.query<{ id: string; sig: string; day: string; src: number; sm: number }>(
      `SELECT id::text, failure_signature AS sig, to_char(start_date AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, source_id AS src, state_machine_id AS sm
         FROM executions WHERE name = 'b'`,
    );
    const b = rows[0]!;
    await db.pool.query(
      `UPDATE failure_signature_daily_rollups SET count = count - 1 WHERE day = $1 AND signature = $2 AND source_id = $3`,
      [b.day, b.sig, b.src],
    );
    await db.pool.query(
      `INSERT INTO failure_signatures (signature, state_machine_id, root_cause_state, error, normalized_cause) VALUES ('old-b', $1, NULL, NULL, 'Task timed out (uploads/<n>fc<n>/<n>.jpg)')`,
      [b.sm],
    );
    await db.pool.query(
      `INSERT INTO failure_signature_daily_rollups (day, signature, source_id, state_machine_id, count, first_seen_at, last_seen_at, newest_execution_id)
       VALUES ($1, 'old-b', $2, $3, 1, now(), now(), $4)`,
      [b.day, b.src, b.sm, b.id],
    );
    await db.pool.query(`UPDATE executions SET failure_signature = 'old-b' WHERE id = $1`, [b.id]);
    await db.pool.query(`DELETE FROM app_settings WHERE key = $1`, [failureSignatureVersionKey]);
    expect(await groups()).toEqual({
      "Disk full": 1,
      "Task timed out (uploads/<id>/<n>.jpg)": 1,
      "Task timed out (uploads/<n>fc<n>/<n>.jpg)": 1,
    });
    const hourly = await db.pool.query(
      "SELECT * FROM execution_hourly_rollups ORDER BY hour, state_machine_id, source_id",
    );

    expect(await resignFailures(db, { batchSize: 2 })).toBe(1);
    expect(await groups()).toEqual(expected);
    // The rest of its analytics share went out and came back: unchanged.
    expect(
      (await db.pool.query("SELECT * FROM execution_hourly_rollups ORDER BY hour, state_machine_id, source_id")).rows,
    ).toEqual(hourly.rows);
    const marker = await db.pool.query<{ value: unknown }>("SELECT value FROM app_settings WHERE key = $1", [
      failureSignatureVersionKey,
    ]);
    expect(marker.rows[0]?.value).toBe(FAILURE_SIGNATURE_VERSION);
    // Once per version.
    await db.pool.query(`UPDATE executions SET failure_signature = 'old-b' WHERE id = $1`, [b.id]);
    expect(await resignFailures(db)).toBe(0);
  });
});
