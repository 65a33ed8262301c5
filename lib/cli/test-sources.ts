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
import { getRecordedExecution } from "@/lib/queries/get-recorded-execution";
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

/** A stored execution as a recording; a usage error naming the ARN when none is stored. */
export async function recordingOfArn(db: Database, arn: string): Promise<RecordingUnderTest> {
  const found = await getRecordedExecution(db.prisma, arn);
  if (found === null) throw new CliUsageError(`test: no stored execution has the ARN ${arn}`);
  return {
    origin: arn,
    executionArn: found.executionArn,
    name: found.name,
    stateMachineName: found.stateMachineName,
    stateMachineArn: found.stateMachineArn,
    input: found.input,
    inputTruncated: found.inputTruncated,
    events: found.events,
  };
}

/** The ARNs of the stored executions (local runs left out) a query-language expression selects, oldest first. */
export async function arnsOfQuery(db: Database, q: string): Promise<string[]> {
  const arns: string[] = [];
  for (let page = 1; ; page += 1) {
    const params = executionListParamsSchema.parse({ q, exclude: "local", order: "asc", pageSize: 500, page });
    const result = await listExecutions(db.prisma, params);
    arns.push(...result.rows.map((r) => r.executionArn));
    if (!result.hasNext) return arns;
  }
}
