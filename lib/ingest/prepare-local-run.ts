import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
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
    type: "STANDARD",
    definition: JSON.stringify(definition),
    roleArn: result.roleArn,
  };
  const parsed = parseInterpreterRun(result, stateMachine, name, `${name}.json`);
  return { parsed, derived: deriveHistory(parsed.events, parsed.identity) };
}
