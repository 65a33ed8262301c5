import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import { HistoryInputError } from "@/lib/history/history-input-error";
import { prepareHistoryText, storePrepared, type PreparedImport } from "@/lib/ingest/import-history-text";
import type { Database } from "@/lib/db/database";
import { CliUsageError } from "./cli-usage-error";
import { isConnectionLost } from "./is-connection-lost";
import { withCliDatabase } from "./with-cli-database";

/** Files larger than this are refused before reading (AWS caps a history at 25,000 events). */
export const maxImportBytes = 256 * 1024 * 1024;

/**
 * Waits before each new try of a file whose store lost the database connection (a Postgres
 * restart takes seconds): 0.5 s, 1 s, 2 s, 4 s, 8 s — about 15 s in all, then the file fails.
 */
export const retryDelaysMs: readonly number[] = [500, 1000, 2000, 4000, 8000];

/** How long Ctrl-C waits for the file in progress before exiting anyway. */
const interruptGraceMs = 3000;

/** Exit code after Ctrl-C, as shells report a process ended by SIGINT (128 + 2). */
export const interruptedExitCode = 130;

/**
 * `stepscope import <file>... [--execution-arn <arn>]`: exit 0 when every file was stored or
 * already there, 1 when any was refused or could not be stored, 130 on Ctrl-C. Each file is
 * stored whole or not at all; a lost database connection is retried per file
 * ({@link retryDelaysMs}), saying so on stderr. Ctrl-C prints one line and stops after the
 * file in progress (at most 3 s later; a second Ctrl-C at once): that file is stored whole
 * or rolled back, and no connection error is printed as a failure.
 */
export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals: files } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "execution-arn": { type: "string" } },
  });
  if (files.length === 0) throw new CliUsageError("import: name at least one file");
  const executionArn = values["execution-arn"];
  if (executionArn && files.length > 1) throw new CliUsageError("import: --execution-arn applies to one file only");

  const interrupt = new AbortController();
  let done = 0;
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(interruptedExitCode);
    interrupt.abort();
    process.stderr.write(
      `\nstepscope import: interrupted after ${done} of ${files.length} files; the file in progress is stored whole or not at all\n`,
    );
    // A database that stopped answering must not keep Ctrl-C waiting: its transaction rolls back when the connection drops.
    setTimeout(() => process.exit(interruptedExitCode), interruptGraceMs).unref();
  };
  process.on("SIGINT", onSigint);
  try {
    return await withCliDatabase(
      async (db) => {
        const bar = new SingleBar(
          { format: "importing [{bar}] {value}/{total} files | {file}", stream: process.stderr, hideCursor: true },
          Presets.shades_classic,
        );
        const tty = process.stderr.isTTY === true;
        if (tty) bar.start(files.length, 0, { file: "" });
        let refused = 0;
        const lines: string[] = [];
        for (const file of files) {
          if (interrupt.signal.aborted) break;
          if (tty) bar.update({ file: path.basename(file) });
          try {
            const prepared = await prepareFile(file, executionArn);
            const result = await storeWithRetry(db, prepared, interrupt.signal, (note) =>
              process.stderr.write(`${note}\n`),
            );
            for (const e of result.executions) {
              lines.push(
                e.created || e.eventsWritten > 0
                  ? `stored ${e.executionArn} (${e.status}, ${e.eventsWritten} events) from ${file}`
                  : `already stored ${e.executionArn} from ${file}`,
              );
            }
            for (const warning of result.warnings) lines.push(`warning ${warning}`);
          } catch (err) {
            // After Ctrl-C, errors of the file in progress (the embedded server stopping too) are not refusals.
            if (interrupt.signal.aborted) break;
            refused += 1;
            lines.push(
              isConnectionLost(err)
                ? `failed ${file}: the database connection was lost and did not come back (${describeError(err)})`
                : `refused ${describeRefusal(file, err)}`,
            );
          }
          done += 1;
          if (tty) bar.increment();
        }
        if (tty) bar.stop();
        for (const line of lines)
          (line.startsWith("stored") || line.startsWith("already") ? process.stdout : process.stderr).write(
            `${line}\n`,
          );
        if (interrupt.signal.aborted) return interruptedExitCode;
        return refused > 0 ? 1 : 0;
      },
      { quiet: interrupt.signal },
    );
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
}

async function prepareFile(file: string, executionArn: string | undefined): Promise<PreparedImport> {
  const size = (await stat(file)).size;
  if (size > maxImportBytes) throw new Error(`larger than ${maxImportBytes} bytes`);
  // Bytes, not text: `parseHistoryFile` refuses what is not UTF-8 instead of replacing it.
  const bytes = await readFile(file);
  return prepareHistoryText(bytes, { fileName: file, ...(executionArn ? { executionArn } : {}) });
}

async function storeWithRetry(
  db: Database,
  prepared: PreparedImport,
  signal: AbortSignal,
  note: (line: string) => void,
) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await storePrepared(db, prepared, { kind: "UPLOAD", name: "cli-import" });
    } catch (err) {
      const delay = retryDelaysMs[attempt];
      if (!isConnectionLost(err) || delay === undefined || signal.aborted) throw err;
      note(
        `retrying ${prepared.fileName}: lost the database connection (${describeError(err)}); try ${attempt + 2} of ${retryDelaysMs.length + 1} in ${delay / 1000} s`,
      );
      await sleep(delay, undefined, { signal }).catch(() => {});
      if (signal.aborted) throw err;
    }
  }
}

function describeError(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message || String(code);
}

function describeRefusal(file: string, err: unknown): string {
  if (err instanceof HistoryInputError) return err.message.startsWith(file) ? err.message : `${file}: ${err.message}`;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return `${file}: no such file`;
  if (code === "EISDIR") return `${file}: is a directory`;
  return `${file}: ${err instanceof Error ? err.message : String(err)}`;
}
