/** What the action checks know of a stored execution (a row of `executions` with its source and state machine). */
export interface ActionTarget {
  readonly id: bigint;
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly sourceId: number;
  readonly sourceName: string;
  readonly sourceKind: "AWS" | "LOCAL" | "UPLOAD" | "DEMO";
  readonly type: "STANDARD" | "EXPRESS";
  readonly status: "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE";
  readonly startDate: Date;
  readonly stopDate: Date | null;
  readonly eventCount: number;
  /** `redriveStatus` / `redriveStatusReason` of the last `DescribeExecution` (null when never described). */
  readonly redriveStatus: string | null;
  readonly redriveStatusReason: string | null;
  readonly redriveCount: number;
  readonly input: string | null;
  readonly inputTruncated: boolean;
}

/** Why an action is not allowed: a stable `code` (to group a bulk dry run) and a sentence for people. */
export interface NotAllowedReason {
  readonly code: string;
  readonly message: string;
}

/** Whether an action may run on an execution, and every reason when it may not. */
export type Eligibility =
  { readonly allowed: true } | { readonly allowed: false; readonly reasons: readonly NotAllowedReason[] };

/** `allowed` when `reasons` is empty. */
export function eligibilityOf(reasons: readonly NotAllowedReason[]): Eligibility {
  return reasons.length === 0 ? { allowed: true } : { allowed: false, reasons };
}

/** The first check every AWS action makes: the execution came from an AWS source. */
export function notFromAws(target: Pick<ActionTarget, "sourceKind" | "sourceName">): NotAllowedReason | null {
  switch (target.sourceKind) {
    case "AWS":
      return null;
    case "LOCAL":
      return {
        code: "local-execution",
        message: "This execution ran in the bundled interpreter: use the local replay, redrive and stop",
      };
    case "UPLOAD":
      return {
        code: "uploaded",
        message: `This execution was imported from a file (source ${target.sourceName}); AWS actions need an AWS source`,
      };
    case "DEMO":
      return { code: "demo", message: "This is a demo execution; AWS actions need an AWS source" };
    default: {
      const unreachable: never = target.sourceKind;
      throw new Error(`unknown source kind ${String(unreachable)}`);
    }
  }
}
