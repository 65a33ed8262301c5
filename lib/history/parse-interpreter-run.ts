import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { parseHistoryFile } from "./parse-history-file";
import type { ParsedExecution } from "./types";

/**
 * Parses a run of the bundled interpreter as the bundle `{execution, stateMachine, events}`
 * that `describe-execution` and `describe-state-machine` beside `get-execution-history`
 * would give (status, dates, output, error and cause from the run), so a local run goes
 * through the same parser as an import.
 */
export function parseInterpreterRun(
  result: ExecutionResult,
  stateMachine: { readonly stateMachineArn: string },
  name: string,
  fileName: string,
): ParsedExecution {
  const events = result.events;
  const bundle = {
    execution: {
      executionArn: result.executionArn,
      stateMachineArn: stateMachine.stateMachineArn,
      name,
      status: result.status,
      startDate: events[0]?.timestamp,
      stopDate: events.at(-1)?.timestamp,
      ...(result.output === undefined ? {} : { output: result.output }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.cause === undefined ? {} : { cause: result.cause }),
    },
    stateMachine,
    events,
  };
  const [parsed] = parseHistoryFile(JSON.stringify(bundle), { fileName });
  if (parsed === undefined) throw new Error(`${fileName}: the interpreter's history did not parse`);
  return parsed;
}
