import { resolve } from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/db/migrate";
import { loadCorpus } from "./load-corpus";

/** Database that holds the benchmark corpus (shared by `bench:queries` and `bench:load`). */
export const CORPUS_DATABASE = "bench_queries";
/**
 * Data folder of the embedded Postgres the corpus benchmarks start when `BENCH_DATABASE_URL` is
 * not set: `BENCH_CORPUS_DIR`, default /tmp/stepscope-bench-queries (one per checkout when
 * several benchmark at once: a run without `--reuse` drops the corpus another is using).
 */
export const CORPUS_DATA_DIR = process.env["BENCH_CORPUS_DIR"] || "/tmp/stepscope-bench-queries";

export interface PrepareCorpusOptions {
  /** The database to load (default {@link CORPUS_DATABASE}). */
  readonly database?: string;
  readonly executions: number;
  readonly giants: number;
  /** Load history events (default true) and state runs (default false): see `loadCorpus`. */
  readonly events?: boolean;
  readonly stateRuns?: boolean;
  /** Keep an already loaded corpus database (pending migrations applied) instead of loading afresh. */
  readonly reuse: boolean;
  /** The instant the generated corpus is relative to ("last 24 hours" = the day before it). */
  readonly now: number;
  readonly log: (line: string) => void;
}

export interface PreparedCorpus {
  /** URL of the corpus database. */
  readonly url: string;
  /** The `now` the corpus was generated against. */
  readonly seededAt: number;
  /** True when this call loaded the corpus (false when `reuse` found one). */
  readonly loaded: boolean;
  /** Wall time of the load (or of the migrations and ANALYZE when reused), ms. */
  readonly loadMs: number;
}

/**
 * The corpus database on the server of `adminUrl`: with `reuse` and an existing database,
 * that one (pending migrations applied, analyzed); otherwise dropped, created, migrated and
 * loaded with `loadCorpus`, recording the load's `now` in `bench_corpus`.
 */
export async function prepareCorpus(adminUrl: string, opts: PrepareCorpusOptions): Promise<PreparedCorpus> {
  const t0 = performance.now();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const database = opts.database ?? CORPUS_DATABASE;
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database])).rowCount === 1;
  if (opts.reuse && exists) {
    await admin.end();
    opts.log(`reusing database ${database} (pending migrations applied)`);
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await applyMigrations(client, resolve(__dirname, "../../prisma/migrations"));
      await client.query("VACUUM ANALYZE executions");
      // Corpora loaded before bench_corpus existed: the newest start is a second before the load's now.
      const seeded = await client
        .query<{ at: Date }>(
          "SELECT coalesce((SELECT seeded_at FROM bench_corpus), (SELECT max(start_date) + interval '1 second' FROM executions)) AS at",
        )
        .catch(() => client.query<{ at: Date }>("SELECT max(start_date) + interval '1 second' AS at FROM executions"));
      return {
        url: url.toString(),
        seededAt: seeded.rows[0]!.at.getTime(),
        loaded: false,
        loadMs: performance.now() - t0,
      };
    } finally {
      await client.end();
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await applyMigrations(client, resolve(__dirname, "../../prisma/migrations"));
    opts.log(`loading ${opts.executions.toLocaleString("en")} executions …`);
    await loadCorpus(client, {
      executions: opts.executions,
      giants: opts.giants,
      now: opts.now,
      log: opts.log,
      ...(opts.events === undefined ? {} : { events: opts.events }),
      ...(opts.stateRuns === undefined ? {} : { stateRuns: opts.stateRuns }),
    });
    await client.query("CREATE TABLE bench_corpus (seeded_at timestamptz NOT NULL)");
    await client.query("INSERT INTO bench_corpus VALUES ($1)", [new Date(opts.now)]);
  } finally {
    await client.end();
  }
  return { url: url.toString(), seededAt: opts.now, loaded: true, loadMs: performance.now() - t0 };
}
