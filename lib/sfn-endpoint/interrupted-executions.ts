import type { AslHistoryEvent } from "@/lib/asl/types";
import type { Database } from "@/lib/db/database";
import { sfnEndpointRows } from "@/lib/store/sfn-endpoint-rows";
import { storeEndpointHistory } from "./store-endpoint-history";

/** The cause an execution found RUNNING at the endpoint's start fails with. */
export const interruptedCause =
  "Stepscope's Step Functions endpoint stopped while this execution was running, so it failed where it was; RedriveExecution continues it from the state it was in.";

/** What {@link failInterruptedExecutions} needs of the endpoint's runs. */
export interface RunsView {
  isLive(executionArn: string): boolean;
  events(executionArn: string): Promise<readonly AslHistoryEvent[]>;
}

/**
 * Fails every execution stored RUNNING that does not run here (the endpoint stopped while it
 * ran): `ExecutionFailed` (`States.Runtime`, {@link interruptedCause}) is appended to its
 * history, so RedriveExecution can continue it. Returns how many.
 */
export async function failInterruptedExecutions(db: Database, runs: RunsView): Promise<number> {
  const running = await sfnEndpointRows.listRunning(db.prisma);
  let failed = 0;
  for (const row of running) {
    if (runs.isLive(row.executionArn)) continue;
    const events = [...(await runs.events(row.executionArn))];
    const now = new Date();
    if (events.length === 0)
      // The endpoint stopped before the first events were stored: the start is known from the row.
      events.push({
        id: 1,
        previousEventId: 0,
        timestamp: row.startDate.toISOString(),
        type: "ExecutionStarted",
        executionStartedEventDetails: {
          input: row.input,
          inputDetails: { truncated: false },
          roleArn: row.roleArn,
        },
      } as unknown as AslHistoryEvent);
    events.push({
      id: events.length + 1,
      previousEventId: events.at(-1)?.id ?? 0,
      timestamp: now.toISOString(),
      type: "ExecutionFailed",
      executionFailedEventDetails: { error: "States.Runtime", cause: interruptedCause },
    } as unknown as AslHistoryEvent);
    await storeEndpointHistory(db, row, { status: "FAILED", error: "States.Runtime", cause: interruptedCause }, events);
    await sfnEndpointRows.endExecution(db.prisma, row.executionArn, {
      status: "FAILED",
      stopDate: now,
      output: null,
      error: "States.Runtime",
      cause: interruptedCause,
    });
    failed++;
  }
  return failed;
}
