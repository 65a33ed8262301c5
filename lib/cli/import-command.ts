import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { HistoryInputError } from "@/lib/history/history-input-error";
import { importHistoryText } from "@/lib/ingest/import-history-text";
import { CliUsageError } from "./cli-usage-error";
import { withCliDatabase } from "./with-cli-database";

/** Files larger than this are refused before reading (AWS caps a history at 25,000 events). */
export const maxImportBytes = 256 * 1024 * 1024;

/** `stepscope import <file>... [--execution-arn <arn>]`: exit 0 when every file was stored or already there, 1 when any was refused. */
export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals: files } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "execution-arn": { type: "string" } },
  });
  if (files.length === 0) throw new CliUsageError("import: name at least one file");
  const executionArn = values["execution-arn"];
  if (executionArn && files.length > 1) throw new CliUsageError("import: --execution-arn applies to one file only");

  return withCliDatabase(async (db) => {
    const bar = new SingleBar(
      { format: "importing [{bar}] {value}/{total} files | {file}", stream: process.stderr, hideCursor: true },
      Presets.shades_classic,
    );
    const tty = process.stderr.isTTY === true;
    if (tty) bar.start(files.length, 0, { file: "" });
    let refused = 0;
    const lines: string[] = [];
    for (const file of files) {
      if (tty) bar.update({ file: path.basename(file) });
      try {
        const text = await readFile(file, "utf8");
        if (Buffer.byteLength(text) > maxImportBytes) throw new Error(`${file}: larger than ${maxImportBytes} bytes`);
        const result = await importHistoryText(db, text, {
          fileName: file,
          ...(executionArn ? { executionArn } : {}),
          source: { kind: "UPLOAD", name: "cli-import" },
        });
        for (const e of result.executions) {
          lines.push(
            e.created || e.eventsWritten > 0
              ? `stored ${e.executionArn} (${e.status}, ${e.eventsWritten} events) from ${file}`
              : `already stored ${e.executionArn} from ${file}`,
          );
        }
      } catch (err) {
        refused += 1;
        lines.push(`refused ${describeRefusal(file, err)}`);
      }
      if (tty) bar.increment();
    }
    if (tty) bar.stop();
    for (const line of lines) (line.startsWith("refused") ? process.stderr : process.stdout).write(`${line}\n`);
    return refused > 0 ? 1 : 0;
  });
}

function describeRefusal(file: string, err: unknown): string {
  if (err instanceof HistoryInputError) return err.message.startsWith(file) ? err.message : `${file}: ${err.message}`;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return `${file}: no such file`;
  if (code === "EISDIR") return `${file}: is a directory`;
  return `${file}: ${err instanceof Error ? err.message : String(err)}`;
}
