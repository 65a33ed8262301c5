import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testActor } from "../../test/auth";
import { badHistoryFiles, expressLines, successEvents } from "../../test/builders/bad-history-files";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { HistoryInputError } from "../history/history-input-error";
import { importHistoryText } from "./import-history-text";
import { importUploads } from "./import-uploads";

const source = { kind: "UPLOAD", name: "uploads" } as const;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  // Something stored already, so "unchanged" covers updates as well as inserts.
  await importHistoryText(db, JSON.stringify({ events: successEvents() }), { fileName: "already.json", source });
});
afterAll(async () => db?.drop());

/** Every table's rows: count and an md5 of all rows in a fixed order. */
async function snapshot(except: readonly string[] = []): Promise<Record<string, string>> {
  const { rows: tables } = await db.pool.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (except.includes(name)) continue;
    const { rows } = await db.pool.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h FROM "${name}" t`,
    );
    out[name] = `${rows[0]!.n}:${rows[0]!.h}`;
  }
  return out;
}

describe("import refuses what Postgres or AWS would not have, before storing anything", () => {
  for (const bad of badHistoryFiles()) {
    it(`${bad.name}: refused with the place (${bad.problem}), every table unchanged`, async () => {
      const before = await snapshot();
      const error = await importHistoryText(db, bad.content, { fileName: bad.name, source }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HistoryInputError);
      const refusal = error as HistoryInputError;
      expect(refusal.message).toContain(bad.problem);
      expect(refusal.message.startsWith(`${bad.name}: `)).toBe(true);
      expect(refusal.location).toMatchObject({ file: bad.name, ...bad.location });
      expect(await snapshot()).toEqual(before);
    });
  }

  it("stores nothing of a two-execution JSON Lines file whose second execution is refused (it printed 'refused' but kept the first)", async () => {
    const lines = expressLines();
    const bad = JSON.stringify({
      ...(JSON.parse(lines.at(-1)!) as Record<string, unknown>),
      details: { input: "{}", name: "\ud800" },
    });
    const before = await snapshot();
    await expect(
      importHistoryText(db, [...lines.slice(0, -1), bad].join("\n"), { fileName: "logs/two.jsonl", source }),
    ).rejects.toThrow(/logs\/two\.jsonl: line \d+, event \d+ \(\/details\/name\): contains a lone UTF-16 surrogate/);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses through the upload path too, storing nothing and auditing the refusal with its place", async () => {
    // The refusal's audit row is a committed write, so it also moves the cached reads' write
    // counter (read_versions): both are bookkeeping of the refusal, not stored data.
    const bookkeeping = ["audit_logs", "read_versions"];
    const before = await snapshot(bookkeeping);
    const good = { fileName: "good.json", text: JSON.stringify({ events: passEvents3() }) };
    for (const bad of badHistoryFiles()) {
      const error = await importUploads(db, [good, { fileName: bad.name, text: bad.content }], {
        actor: testActor("ops"),
        source,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HistoryInputError);
      const { rows } = await db.pool.query<{ outcome: string; details: { result: string } }>(
        "SELECT outcome, details FROM audit_logs ORDER BY id DESC LIMIT 1",
      );
      expect(rows[0]).toEqual({
        outcome: "REFUSED",
        details: { files: ["good.json", bad.name], result: (error as Error).message },
      });
    }
    expect(await snapshot(bookkeeping)).toEqual(before);
  });

  it("accepts a file that starts with a UTF-8 byte order mark, as bytes or as text", async () => {
    const text = JSON.stringify({ events: successEvents() }, null, 2);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const fromBytes = await importHistoryText(db, bytes, { fileName: "bom.json", source });
    const fromText = await importHistoryText(db, `\ufeff${text}`, { fileName: "bom.json", source });
    expect(fromBytes.executions[0]?.status).toBe("SUCCEEDED");
    expect(fromText.executions[0]).toMatchObject({
      executionArn: fromBytes.executions[0]?.executionArn,
      created: false,
    });
  });

  it("accepts a bundle whose describe-execution says RUNNING for events that ended, with a warning saying what was stored", async () => {
    const arn = "arn:aws:states:us-east-1:123456789012:execution:Orders:described-early";
    const result = await importHistoryText(
      db,
      JSON.stringify({ execution: { executionArn: arn, status: "RUNNING" }, events: successEvents() }),
      { fileName: "early.json", source },
    );
    expect(result.executions).toMatchObject([{ executionArn: arn, status: "SUCCEEDED", created: true }]);
    expect(result.warnings).toEqual([
      `early.json: ${arn}: describe-execution says RUNNING but event 11 (ExecutionSucceeded) ended the execution: stored as SUCCEEDED (describe-execution was probably taken before it ended)`,
    ]);
  });
});

/** A tiny good history of its own (not `success.json`, which is stored already). */
function passEvents3() {
  return successEvents().map((e) =>
    e.type === "ExecutionStarted"
      ? { ...e, executionStartedEventDetails: { input: '{"n":3}', roleArn: "arn:aws:iam::123456789012:role/R" } }
      : e,
  );
}
