import { chmod, mkdir } from "node:fs/promises";
import { ensureDatabase } from "../../lib/db/embedded";

/** A Postgres server a benchmark loads its corpus into. */
export interface BenchServer {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * `BENCH_DATABASE_URL` when set (a server the benchmark leaves running), else an embedded
 * Postgres in `dataDir` (kept between runs, so `--reuse` finds its corpus), with room for the
 * large loads' WAL.
 */
export async function startBenchServer(dataDir: string): Promise<BenchServer> {
  const external = process.env["BENCH_DATABASE_URL"];
  if (external) return { url: external, stop: async () => {} };
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  return ensureDatabase({ dataDir, database: "postgres", postgresFlags: ["-c", "max_wal_size=4GB"] });
}
