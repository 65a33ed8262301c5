import { accessRemedy } from "@/lib/errors/access-remedy";
import { parseArgs } from "node:util";
import { Presets, SingleBar } from "cli-progress";
import { applySourcesConfigFromEnv } from "@/lib/ingest/sources-config";
import { ensureAwsSource } from "@/lib/store/ensure-aws-source";
import { syncAwsSource, type SyncOutcome } from "@/lib/ingest/sync-aws-source";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

/**
 * `stepscope sync [--source <name>] [--region <r> --endpoint <url>]`: runs the AWS
 * collectors once, with a progress bar on a terminal. Without options every AWS source is
 * synced; `--region` (with an optional `--endpoint`) syncs an ad-hoc source named after
 * them, credentials from the standard chain. Exit 0 when every source synced, 1 otherwise.
 */
export async function syncCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { source: { type: "string" }, region: { type: "string" }, endpoint: { type: "string" } },
  });
  if (values.endpoint && !values.region) throw new CliUsageError("sync: --endpoint needs --region");
  if (values.source && values.region) throw new CliUsageError("sync: name either --source or --region, not both");
  return withCliDatabase(async (db) => {
    const sourcesLine = await applySourcesConfigFromEnv(db.pool);
    if (sourcesLine) process.stderr.write(`stepscope sync: ${sourcesLine}\n`);
    let sources: { id: number; name: string }[];
    if (values.region) {
      sources = [
        await ensureAwsSource(db, { region: values.region, ...(values.endpoint ? { endpoint: values.endpoint } : {}) }),
      ];
    } else {
      const { rows } = await db.pool.query<{ id: number; name: string }>(
        "SELECT id, name FROM sources WHERE kind = 'AWS' AND ($1::text IS NULL OR name = $1) ORDER BY name",
        [values.source ?? null],
      );
      if (values.source && rows.length === 0)
        throw new CliUsageError(`sync: no AWS source is named '${values.source}'`);
      sources = rows;
    }
    if (sources.length === 0) {
      process.stderr.write(
        "stepscope sync: no AWS source is configured; add one on the Sources page, declare it in STEPSCOPE_SOURCES_FILE or pass --region\n",
      );
      return 1;
    }
    let failed = 0;
    for (const source of sources) {
      const outcome = await syncWithBar(db, source);
      process.stdout.write(`${describeOutcome(source.name, outcome)}\n`);
      if (outcome.status !== "done" || outcome.failures.length > 0) failed += 1;
    }
    return failed > 0 ? 1 : 0;
  });
}

async function syncWithBar(
  db: Parameters<typeof syncAwsSource>[0],
  source: { id: number; name: string },
): Promise<SyncOutcome> {
  const tty = process.stderr.isTTY === true;
  const bar = new SingleBar(
    {
      format: `${source.name} [{bar}] {value}/{total} executions | {events} events | {pages} pages | {retries} retries`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  if (tty) bar.start(0, 0, { events: 0, pages: 0, retries: 0 });
  try {
    return await syncAwsSource(db, source.id, {
      progressIntervalMs: 200,
      onProgress: (p) => {
        if (!tty) return;
        bar.setTotal(p.executionsFound);
        bar.update(p.executionsDone, { events: p.eventsFetched, pages: p.pagesFetched, retries: p.retries });
      },
    });
  } finally {
    if (tty) bar.stop();
  }
}

function describeOutcome(name: string, outcome: SyncOutcome): string {
  switch (outcome.status) {
    case "busy":
      return `${name}: another process is syncing this source`;
    case "stopped":
      return `${name}: stopped: ${outcome.error.code}: ${outcome.error.message} — ${accessRemedy(outcome.error.code, outcome.error.action ?? null)}`;
    case "done": {
      const p = outcome.progress;
      const head = `${name}: ${p.executionsDone} executions checked, ${p.eventsFetched} events stored, ${p.pagesFetched} pages, ${p.retries} retries`;
      return outcome.failures.length === 0
        ? head
        : `${head}; ${outcome.failures.length} could not be collected, first: ${outcome.failures[0]}`;
    }
    default: {
      const unreachable: never = outcome;
      return String(unreachable);
    }
  }
}
