import { parseArgs } from "node:util";
import { executionListParamsSchema } from "@/lib/queries/execution-list-params";
import { listExecutions } from "@/lib/queries/list-executions";
import { formatDuration } from "@/lib/format/format-duration";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

/**
 * `stepscope executions [--status <S>] [--state-machine <name>] [--source <name>] [--limit <n>] [--json]`:
 * newest first; with `--json`, one object a line with `executionArn`, `stateMachineArn`,
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
      limit: { type: "string", default: "100" },
      json: { type: "boolean", default: false },
    },
  });
  if (positionals.length) throw new CliUsageError(`executions: unexpected argument '${positionals[0]}'`);
  const parsed = executionListParamsSchema.safeParse({
    status: values.status?.toUpperCase(),
    stateMachine: values["state-machine"],
    source: values.source,
    pageSize: values.limit,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliUsageError(`executions: --${String(issue?.path[0] ?? "?")}: ${issue?.message ?? "invalid"}`);
  }
  return withCliDatabase(async (db) => {
    const page = await listExecutions(db.prisma, parsed.data);
    for (const r of page.rows) {
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
