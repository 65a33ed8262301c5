import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { deriveHistory } from "@/lib/history/derive-history";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import type { PreparedExecution } from "./packed-execution";

/**
 * Parses and derives a run of the bundled interpreter as a bundle would be imported
 * (execution, state machine with its definition, events), ready to store under the source
 * `local`. Pure: the run's own process does it, so the server's thread only stores.
 */
export function prepareLocalRun(
  result: ExecutionResult,
  definition: unknown,
  stateMachineName: string,
  name: string,
): PreparedExecution {
  const events = result.events;
  const bundle = {
    execution: {
      executionArn: result.executionArn,
      stateMachineArn: result.stateMachineArn,
      name,
      status: result.status,
      startDate: events[0]?.timestamp,
      stopDate: events.at(-1)?.timestamp,
      ...(result.output === undefined ? {} : { output: result.output }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.cause === undefined ? {} : { cause: result.cause }),
    },
    stateMachine: {
      stateMachineArn: result.stateMachineArn,
      name: stateMachineName,
      type: "STANDARD",
      definition: JSON.stringify(definition),
      roleArn: result.roleArn,
    },
    events,
  };
  const [parsed] = parseHistoryFile(JSON.stringify(bundle), { fileName: `${name}.json` });
  if (parsed === undefined) throw new Error("local run: the history did not parse");
  return { parsed, derived: deriveHistory(parsed.events, parsed.identity) };
}
