import { parseArgs } from "node:util";
import { executionListParamsSchema } from "@/lib/queries/execution-list-params";
import type { ExecutionListRow } from "@/lib/queries/execution-list-types";
import { listExecutions } from "@/lib/queries/list-executions";
import { readExecutionBatches } from "@/lib/queries/read-execution-batches";
import { formatDuration } from "@/lib/format/format-duration";
import { parseListQuery } from "@/lib/queries/query-language/parse-list-query";
import { QuerySyntaxError } from "@/lib/queries/query-language/query-syntax-error";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

const pageSize = 500;
/** Rows the table shows without `--limit`. */
export const defaultTableRows = 50;

export const executionsUsage = `executions [--status <S>] [--state-machine <name|arn>] [--source <name>] [--query <expression>] [--limit <n>] [--json]
                                             list stored executions, newest first: a table of the newest 50
                                             (--limit <n> for more) with the ARNs export takes; --json: every
                                             one (or --limit), one JSON object a line; --query: the query language (README)`;

/**
 * `stepscope executions [--status <S>] [--state-machine <name|arn>] [--source <name>] [--query <expression>] [--limit <n>] [--json]`:
 * stored executions, newest first. As a table (aligned columns under a header, the
 * execution ARN last, as `export` takes it): the newest 50 unless `--limit`, and a line on
 * stderr saying how many more there are. With `--json`, every one (or the newest
 * `--limit`), one object a line with `executionArn`, `stateMachineArn`, `name`, `status`,
 * `startDate`, `stopDate`, `source` (and more).
 */
export async function executionsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      status: { type: "string" },
      "state-machine": { type: "string" },
      source: { type: "string" },
      query: { type: "string" },
      limit: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  if (positionals.length) throw new CliUsageError(`executions: unexpected argument '${positionals[0]}'`);
  const given = values.limit === undefined ? undefined : Number(values.limit);
  if (given !== undefined && (!Number.isInteger(given) || given < 1))
    throw new CliUsageError(`executions: --limit: expected a whole number of 1 or more, got '${values.limit}'`);
  const limit = given ?? (values.json ? Infinity : defaultTableRows);
  const parsed = executionListParamsSchema.safeParse({
    status: values.status?.toUpperCase(),
    stateMachine: values["state-machine"],
    source: values.source,
    q: values.query === undefined ? undefined : queryOrThrow(values.query),
    pageSize: Math.min(limit, pageSize),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliUsageError(`executions: --${flagOf(issue?.path[0])}: ${issue?.message ?? "invalid"}`);
  }
  return withCliDatabase(async (db) => {
    // The first page says how many there are and how many the query could not decide; the rest
    // follow it by keyset, a batch at a time (JSON lines are written as they come: memory holds
    // one batch whatever the count).
    const first = await listExecutions(db.prisma, { ...parsed.data, page: 1 });
    if (first.undecided && first.undecided.total > 0)
      process.stderr.write(
        `stepscope: ${first.undecided.total}${first.undecided.totalIsLowerBound ? "+" : ""} more executions may match: their payload is too large or truncated to decide\n`,
      );
    const rows: ExecutionListRow[] = [];
    let taken = 0;
    const take = (batch: readonly ExecutionListRow[]) => {
      const kept = batch.slice(0, limit - taken);
      taken += kept.length;
      if (values.json) process.stdout.write(kept.map((r) => `${JSON.stringify(jsonLine(r))}\n`).join(""));
      else rows.push(...kept);
    };
    take(first.rows);
    if (first.hasNext && first.nextCursor && taken < limit) {
      const rest = readExecutionBatches(
        db.prisma,
        { ...parsed.data, after: first.nextCursor },
        { batchSize: pageSize, wholeCause: false },
      );
      for await (const batch of rest) {
        take(batch);
        if (taken >= limit) break;
      }
    }
    if (values.json) return 0;
    process.stdout.write(formatTable(rows));
    if (first.total > rows.length) {
      process.stderr.write(
        `${rows.length} of ${first.total.toLocaleString("en")}${first.totalIsLowerBound ? "+" : ""} executions shown, newest first; --limit <n> for more\n`,
      );
    }
    return 0;
  });
}

/** The expression of `--query`, or a usage error pointing at its column under the expression. */
function queryOrThrow(query: string): string {
  try {
    parseListQuery(query);
    return query;
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    throw new CliUsageError(`executions: --query: ${error.message}\n  ${query}\n  ${" ".repeat(error.column - 1)}^`);
  }
}

function flagOf(key: PropertyKey | undefined): string {
  if (key === "stateMachine") return "state-machine";
  if (key === "pageSize") return "limit";
  return String(key ?? "?");
}

function jsonLine(r: ExecutionListRow) {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    stateMachineName: r.stateMachineName,
    name: r.name,
    type: r.type,
    status: r.status,
    startDate: r.startDate,
    stopDate: r.stopDate,
    durationMs: r.durationMs,
    error: r.error,
    rootCauseState: r.rootCauseState,
    source: r.sourceName,
  };
}

const columns: readonly {
  readonly header: string;
  readonly right?: boolean;
  readonly of: (r: ExecutionListRow) => string;
}[] = [
  { header: "STATUS", of: (r) => r.status },
  { header: "STARTED (UTC)", of: (r) => r.startDate.replace("T", " ").replace(/\.\d+Z$/, "") },
  { header: "DURATION", right: true, of: (r) => formatDuration(r.durationMs) },
  { header: "SOURCE", of: (r) => r.sourceName },
  {
    header: "ERROR",
    // The root-cause error (what its failure group is named after), then the final one where they differ.
    of: (r) =>
      r.rootCauseError && r.rootCauseError !== r.error ? `${r.rootCauseError} → ${r.error ?? "-"}` : (r.error ?? "-"),
  },
  { header: "EXECUTION ARN", of: (r) => r.executionArn },
];

/** The rows as aligned columns under a header (the last column, the ARN, unpadded so it copies clean). */
export function formatTable(rows: readonly ExecutionListRow[]): string {
  if (rows.length === 0) return "No executions stored match.\n";
  const cells = rows.map((r) => columns.map((c) => c.of(r)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((row) => [...row[i]!].length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => {
        if (i === values.length - 1) return v;
        const pad = " ".repeat(widths[i]! - [...v].length);
        return columns[i]!.right ? pad + v : v + pad;
      })
      .join("  ");
  return `${[line(columns.map((c) => c.header)), ...cells.map(line)].join("\n")}\n`;
}
