import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { Database } from "@/lib/db/database";
import type { PreparedExecution } from "./packed-execution";
import { prepareLocalRun } from "./prepare-local-run";
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
  return storePreparedLocalRun(db, prepareLocalRun(result, definition, stateMachineName, name), options);
}

/** Stores a run {@link prepareLocalRun} prepared (in the run's own process). */
export async function storePreparedLocalRun(
  db: Pick<Database, "pool">,
  prepared: PreparedExecution,
  options: StoreExecutionOptions = {},
): Promise<StoreExecutionResult> {
  return storeExecution(db, prepared.parsed, prepared.derived, { kind: "LOCAL", name: "local" }, options);
}
