import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { Database } from "@/lib/db/database";
import { deriveHistory } from "@/lib/history/derive-history";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import { storeExecution, type StoreExecutionOptions, type StoreExecutionResult } from "@/lib/store/store-execution";

/**
 * Stores a run of the bundled interpreter under the source `local`, as a bundle would be
 * imported (execution, state machine with its definition, events), so a local execution is
 * stored exactly like one from AWS or a file.
 */
export async function storeLocalRun(
  db: Pick<Database, "pool">,
  result: ExecutionResult,
  definition: unknown,
  stateMachineName: string,
  name: string,
  options: StoreExecutionOptions = {},
): Promise<StoreExecutionResult> {
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
    stateMachine: { stateMachineArn: result.stateMachineArn, name: stateMachineName, type: "STANDARD", definition: JSON.stringify(definition), roleArn: result.roleArn },
    events,
  };
  const [parsed] = parseHistoryFile(JSON.stringify(bundle), { fileName: `${name}.json` });
  if (parsed === undefined) throw new Error("local run: the history did not parse");
  return storeExecution(db, parsed, deriveHistory(parsed.events, parsed.identity), { kind: "LOCAL", name: "local" }, options);
}
