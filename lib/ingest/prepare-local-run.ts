import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import { isExpressExecutionArn } from "@/lib/asl/express/express-execution";
import { deriveHistory } from "@/lib/history/derive-history";
import { parseInterpreterRun } from "@/lib/history/parse-interpreter-run";
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
  const stateMachine = {
    stateMachineArn: result.stateMachineArn,
    name: stateMachineName,
    // An Express run (`--type EXPRESS`, the endpoint, a replay of an Express execution) has an `express:` ARN.
    type: isExpressExecutionArn(result.executionArn) ? "EXPRESS" : "STANDARD",
    definition: JSON.stringify(definition),
    roleArn: result.roleArn,
  };
  const parsed = parseInterpreterRun(result, stateMachine, name, `${name}.json`);
  return { parsed, derived: deriveHistory(parsed.events, parsed.identity) };
}
