import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { AslHistoryEvent } from "@/lib/asl/types";
import type { Database } from "@/lib/db/database";
import { deriveHistory } from "@/lib/history/derive-history";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import type { SfnExecutionRow } from "@/lib/store/sfn-endpoint-rows";
import { storeExecution } from "@/lib/store/store-execution";

/** The source the endpoint's executions are stored under (the dashboard lists them with the others). */
export const endpointSource = { kind: "LOCAL", name: "local-endpoint" } as const;

/** How far an execution has got: RUNNING, or its end. */
export interface EndpointExecutionState {
  readonly status: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * Stores an endpoint execution's history so far (RUNNING or ended) as a bundle would be
 * imported, under the source `local-endpoint`: a longer history of a stored execution appends
 * its new events (see `storeExecution`), so calling this as the execution progresses shows it
 * live on the dashboard.
 */
export async function storeEndpointHistory(
  db: Pick<Database, "pool">,
  row: SfnExecutionRow,
  state: EndpointExecutionState,
  events: readonly AslHistoryEvent[],
): Promise<void> {
  const ended = state.status !== "RUNNING";
  const bundle = {
    execution: {
      executionArn: row.executionArn,
      stateMachineArn: row.stateMachineArn,
      ...(row.versionArn === null ? {} : { stateMachineVersionArn: row.versionArn }),
      ...(row.aliasArn === null ? {} : { stateMachineAliasArn: row.aliasArn }),
      name: row.name,
      status: state.status,
      startDate: row.startDate.toISOString(),
      ...(ended ? { stopDate: events.at(-1)?.timestamp } : {}),
      input: row.input,
      ...(state.output === undefined ? {} : { output: state.output }),
      ...(state.error === undefined ? {} : { error: state.error }),
      ...(state.cause === undefined ? {} : { cause: state.cause }),
      ...(row.redriveCount > 0 ? { redriveCount: row.redriveCount } : {}),
      ...(row.redriveDate === null ? {} : { redriveDate: row.redriveDate.toISOString() }),
    },
    stateMachine: {
      stateMachineArn: row.stateMachineArn,
      name: row.stateMachineArn.split(":")[6],
      type: row.type,
      definition: row.definition,
      roleArn: row.roleArn,
    },
    events,
  };
  const [parsed] = parseHistoryFile(JSON.stringify(bundle), { fileName: `${row.name}.json` });
  if (parsed === undefined) throw new Error(`endpoint execution ${row.executionArn}: the history did not parse`);
  await storeExecution(db, parsed, deriveHistory(parsed.events, parsed.identity), endpointSource);
}

/** An ended execution's status, output or error; a stop's `error`/`cause` as StopExecution gave them. */
export function endStateOf(
  result: ExecutionResult,
  stop: { readonly error?: string; readonly cause?: string } | undefined,
): EndpointExecutionState {
  if (result.status === "ABORTED")
    return {
      status: "ABORTED",
      ...(stop?.error === undefined ? {} : { error: stop.error }),
      ...(stop?.cause === undefined ? {} : { cause: stop.cause }),
    };
  return {
    status: result.status,
    ...(result.output === undefined ? {} : { output: result.output }),
    ...(result.error === undefined ? {} : { error: result.error }),
    ...(result.cause === undefined ? {} : { cause: result.cause }),
  };
}
