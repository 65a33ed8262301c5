import { parseArgs } from "node:util";
import { executionListParamsSchema } from "@/lib/queries/execution-list-params";
import type { ExecutionListRow } from "@/lib/queries/execution-list-types";
import { listExecutions } from "@/lib/queries/list-executions";
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
    // Every stored execution unless --limit (or the table's 50) says otherwise, a page at a time.
    const rows: ExecutionListRow[] = [];
    let total = 0;
    let totalIsLowerBound = false;
    for (let page = 1; rows.length < limit; page += 1) {
      const result = await listExecutions(db.prisma, { ...parsed.data, page });
      if (page === 1) ({ total, totalIsLowerBound } = result);
      rows.push(...result.rows.slice(0, limit - rows.length));
      if (page === 1 && result.undecided && result.undecided.total > 0)
        process.stderr.write(
          `stepscope: ${result.undecided.total}${result.undecided.totalIsLowerBound ? "+" : ""} more executions may match: their payload is too large or truncated to decide\n`,
        );
      if (!result.hasNext) break;
    }
    if (values.json) {
      for (const r of rows) process.stdout.write(`${JSON.stringify(jsonLine(r))}\n`);
      return 0;
    }
    process.stdout.write(formatTable(rows));
    if (total > rows.length) {
      process.stderr.write(
        `${rows.length} of ${total.toLocaleString("en")}${totalIsLowerBound ? "+" : ""} executions shown, newest first; --limit <n> for more\n`,
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
