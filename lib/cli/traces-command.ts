import { Presets, SingleBar } from "cli-progress";
import { parseArgs } from "node:util";
import { countTracedExecutions } from "@/lib/queries/list-traced-executions";
import { exportTracesSince } from "@/lib/traces/export-traces";
import { createOtlpSender, parseOtlpHeaders } from "@/lib/traces/otlp-span-exporter";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

export const tracesUsage = `traces export [--since <date>] [--endpoint <url>] [--include-local] [--payloads]
                                             send ended executions as OpenTelemetry traces over OTLP/HTTP`;

/**
 * `stepscope traces export`: sends the stored ended executions (those that started at or
 * after `--since`) to an OTLP/HTTP endpoint (`--endpoint`, else STEPSCOPE_OTLP_ENDPOINT),
 * with a progress bar; prints how many executions and spans it sent. Exit 1 when the
 * receiver refuses, 2 for bad arguments.
 */
export async function tracesCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      since: { type: "string" },
      endpoint: { type: "string" },
      "include-local": { type: "boolean", default: false },
      payloads: { type: "boolean", default: false },
    },
  });
  if (positionals[0] !== "export" || positionals.length !== 1) throw new CliUsageError(`traces: ${tracesUsage}`);
  const endpoint = values.endpoint ?? process.env["STEPSCOPE_OTLP_ENDPOINT"];
  if (!endpoint) throw new CliUsageError("traces export: give --endpoint <url> or set STEPSCOPE_OTLP_ENDPOINT");
  try {
    new URL(endpoint);
  } catch {
    throw new CliUsageError(`traces export: --endpoint "${endpoint}" is not a URL`);
  }
  let since: Date | null = null;
  if (values.since !== undefined) {
    since = new Date(values.since);
    if (Number.isNaN(since.getTime()))
      throw new CliUsageError(`traces export: --since "${values.since}" is not a date`);
  }
  const headers = parseOtlpHeaders(process.env["STEPSCOPE_OTLP_HEADERS"]);
  return withCliDatabase(async (db) => {
    const includeLocal = values["include-local"];
    const total = await countTracedExecutions(db, { includeLocal, ...(since === null ? {} : { since }) });
    const sender = createOtlpSender({ endpoint, headers });
    const tty = process.stderr.isTTY === true;
    const bar = new SingleBar(
      { format: "traces [{bar}] {value}/{total} executions | {spans} spans", stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    if (tty) bar.start(total, 0, { spans: 0 });
    try {
      const outcome = await exportTracesSince(db, since, {
        sender,
        includeLocal,
        includePayloads: values.payloads,
        onProgress: (done) => {
          if (tty) bar.update(done.executions, { spans: done.spans });
        },
      });
      if (tty) bar.stop();
      process.stdout.write(
        `${outcome.executions.toLocaleString("en")} executions sent as ${outcome.spans.toLocaleString("en")} spans to ${endpoint}\n`,
      );
      return 0;
    } catch (error) {
      if (tty) bar.stop();
      process.stderr.write(`stepscope traces export: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    } finally {
      await sender.close();
    }
  });
}
