import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveHistory } from "@/lib/history/derive-history";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import type { HistoryEvent, RootCause } from "@/lib/history/types";
import { importHistoryText, type ImportResult } from "@/lib/ingest/import-history-text";
import { getHistoryEvents } from "@/lib/queries/get-history-events";
import { createTestDatabase, type TestDatabase } from "../db";
import { conformanceDir, loadConformanceCases, toAwsHistory, type Case } from "./denormalize";

const dir = conformanceDir();
const cases = loadConformanceCases();
const source = { kind: "UPLOAD", name: "conformance" } as const;

/** The status a recorded case must be stored with: `INCOMPLETE(...)` histories were recorded while running. */
const expectedStatus = (c: Case): string => (c.status.startsWith("INCOMPLETE") ? "RUNNING" : c.status);

interface Imported {
  readonly text: string;
  readonly fileName: string;
  readonly events: readonly HistoryEvent[];
  readonly rootCause: RootCause | null;
  readonly result: ImportResult | null;
  readonly failure: unknown;
}

interface StoredRow {
  execution_arn: string;
  status: string;
  root_cause_state: string | null;
  root_cause_run_key: string | null;
  root_cause_error: string | null;
  root_cause_event_id: number | null;
  event_count: number;
}

// Without the corpus, register exactly one skipped test that says why (CI always has it).
if (dir === null)
  describe("import conformance", () => {
    console.warn("shared/conformance not found: import conformance suite skipped");
    it.skip("shared/conformance not found: import conformance suite skipped", () => {});
  });

if (dir !== null)
  describe("import conformance: every recorded AWS history through importHistoryText", () => {
    let db: TestDatabase;
    const imported = new Map<string, Imported>();
    const counts = { stored: 0, statusMatched: 0, rootCausesMatched: 0 };

    beforeAll(async () => {
      db = await createTestDatabase();
      for (const c of cases) {
        const fileName = `${c.name}.json`;
        const text = JSON.stringify(toAwsHistory(c));
        // What went in, parsed and derived on its own, independent of the import path.
        const [parsed] = parseHistoryFile(text, { fileName });
        if (parsed === undefined) throw new Error(`${c.name}: nothing parsed`);
        const rootCause = deriveHistory(parsed.events, parsed.identity).summary.rootCause;
        let result: ImportResult | null = null;
        let failure: unknown = null;
        try {
          result = await importHistoryText(db, text, { fileName, source });
          if (result.executions.length === 1 && result.executions[0]?.created === true) counts.stored++;
        } catch (error) {
          failure = error;
        }
        imported.set(c.name, { text, fileName, events: parsed.events, rootCause, result, failure });
      }
    }, 120_000);

    afterAll(async () => {
      console.log(
        `conformance import: ${counts.stored} stored, ${counts.statusMatched} status matched, ${counts.rootCausesMatched} root causes matched`,
      );
      await db?.drop();
    });

    async function storedRow(executionArn: string): Promise<StoredRow | undefined> {
      const { rows } = await db.pool.query<StoredRow>(
        `SELECT execution_arn, status::text AS status, root_cause_state, root_cause_run_key, root_cause_error, root_cause_event_id, event_count
         FROM executions WHERE execution_arn = $1`,
        [executionArn],
      );
      return rows[0];
    }

    it("stores one execution per case", async () => {
      const { rows } = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM executions");
      expect(rows[0]?.n).toBe(cases.length);
      expect(counts.stored).toBe(cases.length);
    });

    it.each(cases.map((c) => [c.name, c] as const))(
      "%s is stored with its recorded status, its root cause and exactly its events",
      async (name, c) => {
        const entry = imported.get(name);
        if (entry === undefined) throw new Error(`${name} was not imported`);
        if (entry.failure !== null) throw entry.failure;
        const [execution, ...more] = entry.result?.executions ?? [];
        expect(more).toEqual([]);
        expect(execution).toMatchObject({ created: true, eventsWritten: entry.events.length });
        if (execution === undefined) return;

        const row = await storedRow(execution.executionArn);
        expect(row?.status).toBe(expectedStatus(c));
        counts.statusMatched++;
        expect({
          state: row?.root_cause_state,
          runKey: row?.root_cause_run_key,
          error: row?.root_cause_error,
          eventId: row?.root_cause_event_id,
        }).toEqual({
          state: entry.rootCause?.stateName ?? null,
          runKey: entry.rootCause?.runKey ?? null,
          error: entry.rootCause?.error ?? null,
          eventId: entry.rootCause?.eventId ?? null,
        });
        counts.rootCausesMatched++;
        expect(row?.event_count).toBe(entry.events.length);
        expect(await getHistoryEvents(db.prisma, execution.executionArn)).toEqual(entry.events);
      },
    );

    it("changes nothing when every case is imported again", async () => {
      const tables = [
        "executions",
        "history_events",
        "state_runs",
        "attempts",
        "state_machines",
        "execution_daily_rollups",
      ];
      const countRows = async () =>
        Object.fromEntries(
          await Promise.all(
            tables.map(
              async (t) =>
                [t, (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]?.n] as const,
            ),
          ),
        );
      const rollups = async () =>
        (await db.pool.query("SELECT * FROM execution_daily_rollups ORDER BY day, state_machine_id")).rows;
      const before = { rows: await countRows(), rollups: await rollups() };
      expect(before.rows["history_events"]).toBeGreaterThan(0);
      const again: ImportResult["executions"][number][] = [];
      for (const entry of imported.values()) {
        again.push(...(await importHistoryText(db, entry.text, { fileName: entry.fileName, source })).executions);
      }
      expect(again).toHaveLength(cases.length);
      expect(again.filter((e) => e.created || e.eventsWritten !== 0)).toEqual([]);
      expect({ rows: await countRows(), rollups: await rollups() }).toEqual(before);
    });
  });
