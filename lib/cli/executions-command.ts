import { parseArgs } from "node:util";
import { executionListParamsSchema } from "@/lib/queries/execution-list-params";
import { listExecutions } from "@/lib/queries/list-executions";
import { formatDuration } from "@/lib/format/format-duration";
import { parseListQuery } from "@/lib/queries/query-language/parse-list-query";
import { QuerySyntaxError } from "@/lib/queries/query-language/query-syntax-error";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

const pageSize = 500;

/**
 * `stepscope executions [--status <S>] [--state-machine <name>] [--source <name>] [--query <expression>] [--limit <n>] [--json]`:
 * every stored execution (or the newest `--limit`), newest first; with `--json`, one object a line with `executionArn`, `stateMachineArn`,
 * `name`, `status`, `startDate`, `stopDate`, `source` (and more).
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
  const parsed = executionListParamsSchema.safeParse({
    status: values.status?.toUpperCase(),
    stateMachine: values["state-machine"],
    source: values.source,
    q: values.query === undefined ? undefined : queryOrThrow(values.query),
    pageSize: Math.min(Number(values.limit ?? pageSize), pageSize),
  });
  const limit = values.limit === undefined ? Infinity : Number(values.limit);
  if (!Number.isInteger(limit) && limit !== Infinity)
    throw new CliUsageError("executions: --limit: expected a whole number");
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliUsageError(`executions: --${String(issue?.path[0] ?? "?")}: ${issue?.message ?? "invalid"}`);
  }
  return withCliDatabase(async (db) => {
    // Every stored execution unless --limit says otherwise, a page at a time.
    const rows = [];
    for (let page = 1; rows.length < limit; page += 1) {
      const result = await listExecutions(db.prisma, { ...parsed.data, page });
      rows.push(...result.rows.slice(0, limit - rows.length));
      if (page === 1 && result.undecided && result.undecided.total > 0)
        process.stderr.write(
          `stepscope: ${result.undecided.total}${result.undecided.totalIsLowerBound ? "+" : ""} more executions may match: their payload is too large or truncated to decide\n`,
        );
      if (!result.hasNext) break;
    }
    for (const r of rows) {
      if (values.json) {
        const line = {
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
        process.stdout.write(`${JSON.stringify(line)}\n`);
      } else {
        process.stdout.write(
          `${r.status.padEnd(15)} ${r.startDate}  ${formatDuration(r.durationMs).padStart(9)}  ${r.stateMachineName}  ${r.name}${r.error ? `  ${r.error}` : ""}\n`,
        );
      }
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
