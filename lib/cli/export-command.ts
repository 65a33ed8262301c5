import { parseArgs } from "node:util";
import { mockConfigFromRecording } from "@/lib/asl/mock-config-from-recording";
import { getHistoryEvents } from "@/lib/queries/get-history-events";
import { getRecordedExecution } from "@/lib/queries/get-recorded-execution";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

function parseExportArgs(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: { "mock-config": { type: "boolean" } } });
  } catch (err) {
    throw new CliUsageError(`export: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * `stepscope export <execution-arn> [--mock-config]`: the stored history as `get-execution-history`
 * prints it; with `--mock-config`, a Step Functions Local `MockConfigFile` reproducing its Task
 * results attempt by attempt (`StateMachines.<state machine name>.TestCases.<execution name>`),
 * for `stepscope run --mock-config <file> --test-case <execution name>` or Step Functions Local.
 * Exit 1 when no execution has the ARN.
 */
export async function exportCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseExportArgs(argv);
  if (positionals.length !== 1) throw new CliUsageError("export: name exactly one execution ARN");
  const arn = positionals[0]!;
  return withCliDatabase(async (db) => {
    if (values["mock-config"] === true) {
      const recorded = await getRecordedExecution(db.prisma, arn);
      if (recorded === null) return unknown(arn);
      const config = mockConfigFromRecording(recorded.events, {
        stateMachineName: recorded.stateMachineName,
        testCase: recorded.name,
      });
      process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
      return 0;
    }
    const events = await getHistoryEvents(db.prisma, arn);
    if (!events) return unknown(arn);
    process.stdout.write(`${JSON.stringify({ events }, null, 2)}\n`);
    return 0;
  });
}

function unknown(arn: string): number {
  process.stderr.write(`stepscope export: no stored execution has the ARN ${arn}\n`);
  return 1;
}
