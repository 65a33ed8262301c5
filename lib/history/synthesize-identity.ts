import { hashText } from "./hash-text";
import type { ExecutionIdentity, HistoryEvent } from "./types";

/** State machine ARN given to histories imported without an identity. */
export const IMPORTED_STATE_MACHINE_ARN = "arn:aws:states:local:000000000000:stateMachine:imported";

/**
 * A deterministic identity for a bare `{"events": [...]}` file: `name` is the file's base
 * name without `.json` (`history` when unnamed; past 80 characters, its first 71 and a hash of the rest), the ARN
 * `arn:aws:states:local:000000000000:execution:imported:<name>-<fnv1a32 of the canonical events>`,
 * so importing the same file twice gives the same ARN, and two different files with the
 * same name do not collide. `region`/`accountId` are null (synthesised), `type` `STANDARD`.
 */
export function synthesizeIdentity(fileName: string | undefined, events: readonly HistoryEvent[]): ExecutionIdentity {
  const base = (fileName ?? "history").split(/[\\/]/).pop() ?? "history";
  const full = base.replace(/\.(jsonl?|ndjson)$/i, "").replace(/[^A-Za-z0-9_.-]/g, "_") || "history";
  // AWS execution names have at most 80 characters: a longer file name keeps 71 and a hash of
  // the whole, so two long names that differ only at the end stay two executions.
  const name = full.length <= 80 ? full : `${full.slice(0, 71)}-${hashText(full)}`;
  const suffix = hashText(JSON.stringify(events));
  return {
    executionArn: `arn:aws:states:local:000000000000:execution:imported:${name}-${suffix}`,
    stateMachineArn: IMPORTED_STATE_MACHINE_ARN,
    name,
    stateMachineName: "imported",
    type: "STANDARD",
    region: null,
    accountId: null,
    described: null,
  };
}
