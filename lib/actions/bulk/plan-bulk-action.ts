import type { ActionTarget, NotAllowedReason } from "../action-target";
import { getRedriveEligibility } from "../redrive-eligibility";
import { getReplayEligibility } from "../replay-eligibility";
import type { BulkActionKind } from "./bulk-action-request";

/** One selected execution in a dry run. */
export interface BulkPlanItem {
  readonly executionArn: string;
  readonly name: string;
  readonly status: string;
  readonly stateMachineArn: string;
}

/** A dry run: the eligible executions, the others with their reasons, and how many fell to each reason. */
export interface BulkPlan {
  readonly action: BulkActionKind;
  readonly eligible: readonly BulkPlanItem[];
  readonly ineligible: readonly (BulkPlanItem & { readonly reasons: readonly NotAllowedReason[] })[];
  /** Reason code → how many executions it excludes, with one message to show. */
  readonly reasonCounts: readonly { readonly code: string; readonly message: string; readonly count: number }[];
}

/** Checks each target for `action` (the single-execution rules) at `now`. */
export function planBulkAction(action: BulkActionKind, targets: readonly ActionTarget[], now: Date): BulkPlan {
  const eligible: BulkPlanItem[] = [];
  const ineligible: (BulkPlanItem & { reasons: readonly NotAllowedReason[] })[] = [];
  const counts = new Map<string, { code: string; message: string; count: number }>();
  for (const target of targets) {
    const item = {
      executionArn: target.executionArn,
      name: target.name,
      status: target.status,
      stateMachineArn: target.stateMachineArn,
    };
    const verdict = action === "redrive" ? getRedriveEligibility(target, now) : getReplayEligibility(target);
    if (verdict.allowed) {
      eligible.push(item);
      continue;
    }
    ineligible.push({ ...item, reasons: verdict.reasons });
    for (const reason of verdict.reasons) {
      const entry = counts.get(reason.code) ?? { code: reason.code, message: reason.message, count: 0 };
      entry.count += 1;
      counts.set(reason.code, entry);
    }
  }
  return { action, eligible, ineligible, reasonCounts: [...counts.values()].sort((a, b) => b.count - a.count) };
}
