import { parseArgs } from "node:util";
import { getHistoryEvents } from "@/lib/queries/get-history-events";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

/** `stepscope export <execution-arn>`: the stored history as `get-execution-history` prints it. Exit 1 when unknown. */
export async function exportCommand(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  if (positionals.length !== 1) throw new CliUsageError("export: name exactly one execution ARN");
  const arn = positionals[0]!;
  return withCliDatabase(async (db) => {
    const events = await getHistoryEvents(db.prisma, arn);
    if (!events) {
      process.stderr.write(`stepscope export: no stored execution has the ARN ${arn}\n`);
      return 1;
    }
    process.stdout.write(`${JSON.stringify({ events }, null, 2)}\n`);
    return 0;
  });
}
