import type pg from "pg";
import { copyLines, row } from "./copy-rows";
import { allEventLines } from "./corpus-events";
import { EXECUTION_COLUMNS, executionLines, STATE_RUN_COLUMNS, stateRunLines } from "./corpus-executions";
import { loadRollups } from "./corpus-rollups";
import { buildMachines } from "./generate-corpus";
import { ensureExecutionPartitions } from "../../lib/store/execution-partitions";

export interface LoadCorpusOptions {
  readonly executions: number;
  /** Executions of 20,000–24,990 events among them. */
  readonly giants: number;
  /** The instant the corpus is relative to (its executions start in the 90 days before). */
  readonly now: number;
  /** Load the history events (default true; the query language never reads them). */
  readonly events?: boolean;
  /** Load the state runs (default false: the analytics read rollups; the query language's `state` reads them). */
  readonly stateRuns?: boolean;
  readonly log: (s: string) => void;
}

/**
 * Loads the corpus into a migrated, empty database: sources, state machines, executions
 * (COPY, indexes in place), events (COPY in key order, the foreign key added after), state
 * runs when asked, rollups.
 */
export async function loadCorpus(client: pg.ClientBase, opts: LoadCorpusOptions): Promise<void> {
  const machines = buildMachines();
  const t0 = performance.now();
  const lap = (what: string) => opts.log(`  ${what} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await copyLines(
    client,
    "sources",
    ["id", "kind", "name", "account_id", "region"],
    [
      row(1, "AWS", "prod-us", "111122223333", "us-east-1"),
      row(2, "AWS", "prod-eu", "444455556666", "eu-west-3"),
      row(3, "AWS", "prod-sa", "111122223333", "sa-east-1"),
    ],
  );
  await copyLines(
    client,
    "state_machines",
    ["id", "arn", "name", "type", "source_id", "region", "account_id"],
    machines.map((m) => row(m.id, m.arn, m.name, m.type, m.sourceId, m.region, m.account)),
  );
  // Explicit ids above: move the sequences past them, so rows the app adds later (a local run's source and machine) get new ids.
  await client.query(
    "SELECT setval(pg_get_serial_sequence('sources', 'id'), (SELECT max(id) FROM sources)), setval(pg_get_serial_sequence('state_machines', 'id'), (SELECT max(id) FROM state_machines))",
  );
  // A partition per month of the corpus (the migrations made the months from the last one on).
  await ensureExecutionPartitions(client, new Date(opts.now - 92 * 86_400_000), 4);
  await copyLines(
    client,
    "executions",
    EXECUTION_COLUMNS,
    executionLines(opts.executions, opts.now, machines, opts.giants),
  );
  await client.query("SELECT setval(pg_get_serial_sequence('executions', 'id'), (SELECT max(id) FROM executions))");
  lap("executions");
  if (opts.events ?? true) {
    const events = await copyLines(
      client,
      "history_events",
      ["execution_id", "event_id", "previous_event_id", "timestamp", "type", "state_name", "details", "start_date"],
      allEventLines(opts.executions, opts.now, machines, opts.giants),
    );
    lap(`${events.toLocaleString("en")} events`);
  }
  if (opts.stateRuns ?? false) {
    const runs = await copyLines(
      client,
      "state_runs",
      STATE_RUN_COLUMNS,
      stateRunLines(opts.executions, opts.now, machines, opts.giants),
    );
    lap(`${runs.toLocaleString("en")} state runs`);
  }
  await loadRollups(client, opts.executions, opts.now, machines, opts.giants);
  lap("rollups");
  await client.query("VACUUM ANALYZE");
  lap("vacuum analyze");
}
