import { readFile } from "node:fs/promises";
import type { Database } from "@/lib/db/database";
import { HistoryInputError } from "@/lib/history/history-input-error";
import { deriveHistory } from "@/lib/history/derive-history";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import { IMPORTED_STATE_MACHINE_ARN } from "@/lib/history/synthesize-identity";
import { eventDetails } from "@/lib/history/event-details";
import type { ParsedExecution } from "@/lib/history/types";
import type { RecordingUnderTest } from "@/lib/local-runs/test-recordings";
import { executionListParamsSchema } from "@/lib/queries/execution-list-params";
import { getRecordingsByArn, type StoredRecording } from "@/lib/queries/get-recordings-by-arn";
import { listExecutions } from "@/lib/queries/list-executions";
import { CliUsageError } from "./cli-usage-error";

/** A command-line argument naming recordings: a stored execution's ARN, else a file. */
export const isExecutionArn = (arg: string) => /^arn:[^:]+:states:/.test(arg);

/**
 * The recordings in a history file (`get-execution-history` output, a bundle, or Express log
 * records: one or many), each with its recorded input. A bare history's state machine is named
 * `fallbackStateMachine` (the definition file's name), as `stepscope run` names it.
 * @throws {CliUsageError} naming the file when it cannot be read or is not a history.
 */
export async function recordingsOfFile(file: string, fallbackStateMachine: string): Promise<RecordingUnderTest[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CliUsageError(`test: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let parsed: ParsedExecution[];
  try {
    parsed = parseHistoryFile(bytes, { fileName: file });
  } catch (err) {
    if (err instanceof HistoryInputError) throw new CliUsageError(`test: ${err.message}`);
    throw err;
  }
  return parsed.map((p) => {
    const started = p.events.find((e) => e.type === "ExecutionStarted");
    const details = started === undefined ? {} : eventDetails(started);
    const inputDetails = details["inputDetails"] as { truncated?: unknown } | undefined;
    const synthesized = p.identity.stateMachineArn === IMPORTED_STATE_MACHINE_ARN;
    return {
      origin: file,
      executionArn: p.identity.executionArn,
      name: p.identity.name,
      stateMachineName: synthesized ? fallbackStateMachine : p.identity.stateMachineName,
      stateMachineArn: p.identity.stateMachineArn,
      input: deriveHistory(p.events, p.identity).summary.input,
      inputTruncated: inputDetails?.truncated === true,
      events: p.events,
    };
  });
}

/** A stored execution as a recording, named on the command line or in a request by `origin`. */
export const recordingOfStored = (stored: StoredRecording, origin = stored.executionArn): RecordingUnderTest => ({
  origin,
  ...stored,
});

/** Executions read from the store in one round trip (and ARNs listed in one page of a query). */
const readPage = 200;

/** The ARNs of the stored executions (local runs left out) a query-language expression selects, oldest first, a page at a time (keyset paging). */
export async function* arnPagesOfQuery(db: Database, q: string): AsyncGenerator<string[]> {
  let after: string | undefined;
  for (;;) {
    const params = executionListParamsSchema.parse({
      q,
      exclude: "local",
      order: "asc",
      pageSize: readPage,
      ...(after === undefined ? {} : { after }),
    });
    const result = await listExecutions(db.prisma, params);
    if (result.rows.length > 0) yield result.rows.map((r) => r.executionArn);
    if (!result.hasNext || result.nextCursor === null) return;
    after = result.nextCursor;
  }
}

/**
 * The stored executions of each page of ARNs as recordings, in order, read a page ahead of
 * the one being yielded (the replays of one page run while the next is read), so memory holds
 * two pages, not the selection.
 */
export async function* storedRecordings(
  db: Database,
  arnPages: AsyncIterable<readonly string[]> | Iterable<readonly string[]>,
): AsyncGenerator<RecordingUnderTest> {
  let reading: Promise<StoredRecording[]> | null = null;
  for await (const arns of arnPages) {
    const next = getRecordingsByArn(db, arns);
    // Nothing is left unhandled while the previous page is yielded.
    next.catch(() => {});
    if (reading !== null) for (const stored of await reading) yield recordingOfStored(stored);
    reading = next;
  }
  if (reading !== null) for (const stored of await reading) yield recordingOfStored(stored);
}

/** `items` in pages of `size`. */
export function* pagesOf<T>(items: readonly T[], size = readPage): Generator<T[]> {
  for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
}
