import { Presets, SingleBar } from "cli-progress";
import { parseArgs } from "node:util";
import { countTracedExecutions } from "@/lib/queries/list-traced-executions";
import { compileQuery, type CompiledQuery } from "@/lib/queries/query-language/compile-query";
import { parseListQuery } from "@/lib/queries/query-language/parse-list-query";
import { QuerySyntaxError } from "@/lib/queries/query-language/query-syntax-error";
import { exportSelectedTraces, type TraceSelection } from "@/lib/traces/export-traces";
import { createOtlpSender } from "@/lib/traces/otlp-span-exporter";
import {
  displayedOtlpEndpoint,
  otlpProtocolFromEnv,
  parseOtlpHeaders,
  type OtlpProtocol,
} from "@/lib/traces/trace-export-config";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

export const tracesUsage = `traces export [--query <expression> | --since <date>] [--endpoint <url>] [--protocol http/protobuf|http/json] [--include-local] [--payloads]
                                             send ended executions as OpenTelemetry traces over OTLP/HTTP
                                             (--query: the query language of executions --query)`;

/**
 * `stepscope traces export`: sends the stored ended executions (those that match `--query`,
 * or that started at or after `--since`) to an OTLP/HTTP endpoint (`--endpoint`, else STEPSCOPE_OTLP_ENDPOINT),
 * with a progress bar; prints how many executions and spans it sent. Exit 1 when the
 * receiver refuses, 2 for bad arguments.
 */
export async function tracesCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      since: { type: "string" },
      query: { type: "string" },
      endpoint: { type: "string" },
      protocol: { type: "string" },
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
  if (values.since !== undefined && values.query !== undefined)
    throw new CliUsageError("traces export: give --query or --since, not both (a query can say startDate >= <date>)");
  let since: Date | null = null;
  if (values.since !== undefined) {
    since = new Date(values.since);
    if (Number.isNaN(since.getTime()))
      throw new CliUsageError(`traces export: --since "${values.since}" is not a date`);
  }
  const compiled = values.query === undefined ? null : compileOrThrow(values.query);
  const selection: TraceSelection = {
    ...(since === null ? {} : { since }),
    ...(compiled === null ? {} : { where: compiled.where }),
  };
  const headers = parseOtlpHeaders(process.env["STEPSCOPE_OTLP_HEADERS"]);
  let protocol: OtlpProtocol;
  try {
    protocol = otlpProtocolFromEnv(
      values.protocol === undefined ? process.env : { STEPSCOPE_OTLP_PROTOCOL: values.protocol },
    );
  } catch (err) {
    throw new CliUsageError(
      `traces export: ${(err as Error).message.replace("STEPSCOPE_OTLP_PROTOCOL", "--protocol")}`,
    );
  }
  return withCliDatabase(async (db) => {
    const includeLocal = values["include-local"];
    const total = await countTracedExecutions(db, { includeLocal, ...selection });
    if (compiled?.undecided) {
      const undecided = await countTracedExecutions(db, { includeLocal, where: compiled.undecided });
      if (undecided > 0)
        process.stderr.write(
          `stepscope: ${undecided} more executions may match but are not sent: their payload is too large or truncated to decide\n`,
        );
    }
    const sender = createOtlpSender({ endpoint, headers, protocol });
    const tty = process.stderr.isTTY === true;
    const bar = new SingleBar(
      { format: "traces [{bar}] {value}/{total} executions | {spans} spans", stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    if (tty) bar.start(total, 0, { spans: 0 });
    try {
      const outcome = await exportSelectedTraces(db, selection, {
        sender,
        includeLocal,
        includePayloads: values.payloads,
        onProgress: (done) => {
          if (tty) bar.update(done.executions, { spans: done.spans });
        },
      });
      if (tty) bar.stop();
      process.stdout.write(
        `${outcome.executions.toLocaleString("en")} executions sent as ${outcome.spans.toLocaleString("en")} spans to ${displayedOtlpEndpoint(endpoint)}\n`,
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

/** `--query` as SQL, or a usage error pointing at its column under the expression. */
function compileOrThrow(query: string): CompiledQuery {
  try {
    return compileQuery(parseListQuery(query), new Date());
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    throw new CliUsageError(`traces export: --query: ${error.message}\n  ${query}\n  ${" ".repeat(error.column - 1)}^`);
  }
}
