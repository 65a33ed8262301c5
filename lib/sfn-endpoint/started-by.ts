import type { AslHistoryEvent } from "@/lib/asl/types";
import type { SfnExecutionRow } from "@/lib/store/sfn-endpoint-rows";

/** `ExecutionStarted` naming the version and alias the execution was started with, as AWS records them. */
export function withStartedBy(event: AslHistoryEvent, row: SfnExecutionRow): AslHistoryEvent {
  if (row.versionArn === null && row.aliasArn === null) return event;
  const details = (event as { executionStartedEventDetails?: Record<string, unknown> }).executionStartedEventDetails;
  return {
    ...event,
    executionStartedEventDetails: {
      ...details,
      ...(row.aliasArn === null ? {} : { stateMachineAliasArn: row.aliasArn }),
      ...(row.versionArn === null ? {} : { stateMachineVersionArn: row.versionArn }),
    },
  } as AslHistoryEvent;
}
