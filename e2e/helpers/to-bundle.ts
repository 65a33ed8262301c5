import type { ParsedExecution } from "@/lib/history/types";

/** A parsed execution as an import bundle (`execution` + `stateMachine` + `events`), as a user would upload it. */
export function toBundle(p: ParsedExecution): string {
  return JSON.stringify({
    execution: {
      executionArn: p.identity.executionArn,
      stateMachineArn: p.identity.stateMachineArn,
      name: p.identity.name,
    },
    ...(p.stateMachine
      ? {
          stateMachine: {
            stateMachineArn: p.stateMachine.stateMachineArn,
            name: p.stateMachine.name,
            type: p.stateMachine.type,
            definition: p.stateMachine.definition,
          },
        }
      : {}),
    events: p.events,
  });
}
