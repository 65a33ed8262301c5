import { eligibilityOf, notFromAws, type ActionTarget, type Eligibility, type NotAllowedReason } from "./action-target";

/** AWS keeps a closed execution redrivable this long after its close. */
export const redriveWindowMs = 14 * 86_400_000;
/** Executions started before this instant cannot be redriven (the feature's launch). */
export const redriveLaunchDate = new Date("2023-11-15T00:00:00Z");
/** A redriven history must stay under AWS's 25,000 events: the execution must have fewer than this. */
export const redriveMaxEvents = 24_999;

const redrivableStatuses = new Set(["FAILED", "TIMED_OUT", "ABORTED"]);

type RedriveTarget = Pick<
  ActionTarget,
  | "sourceKind"
  | "sourceName"
  | "type"
  | "status"
  | "startDate"
  | "stopDate"
  | "eventCount"
  | "redriveStatus"
  | "redriveStatusReason"
>;

/**
 * Whether AWS would accept `RedriveExecution` for this execution (Step Functions "Redriving
 * executions"): an AWS Standard execution that FAILED, TIMED_OUT or was ABORTED, closed less
 * than 14 days before `now`, started on or after 2023-11-15, with fewer than 24,999 events,
 * and whose `redriveStatus` (from `DescribeExecution`) is not `NOT_REDRIVABLE` or
 * `REDRIVABLE_BY_MAP_RUN` (a Distributed Map child: redrive its Map Run's parent). Every
 * rule that fails gives its own plain reason.
 */
export function getRedriveEligibility(target: RedriveTarget, now: Date): Eligibility {
  const foreign = notFromAws(target);
  if (foreign) return eligibilityOf([foreign]);
  const reasons: NotAllowedReason[] = [];
  if (target.type === "EXPRESS") {
    reasons.push({
      code: "express",
      message: "Express executions cannot be redriven (AWS redrives Standard workflows only)",
    });
  }
  if (target.status === "SUCCEEDED") {
    reasons.push({ code: "succeeded", message: "The execution succeeded: there is nothing to redrive" });
  } else if (!redrivableStatuses.has(target.status)) {
    reasons.push({
      code: "not-closed",
      message: `The execution is ${target.status}: only FAILED, TIMED_OUT or ABORTED executions can be redriven`,
    });
  }
  if (target.startDate < redriveLaunchDate) {
    reasons.push({
      code: "too-early",
      message: "The execution started before 2023-11-15, when AWS introduced redrive",
    });
  }
  if (target.stopDate && now.getTime() - target.stopDate.getTime() > redriveWindowMs) {
    const days = Math.floor((now.getTime() - target.stopDate.getTime()) / 86_400_000);
    reasons.push({
      code: "window-passed",
      message: `The execution closed ${days} days ago; AWS allows a redrive within 14 days of the close`,
    });
  }
  if (target.eventCount >= redriveMaxEvents) {
    reasons.push({
      code: "too-many-events",
      message: `The history has ${target.eventCount.toLocaleString("en")} events; a redrive needs fewer than ${redriveMaxEvents.toLocaleString("en")} (AWS caps a history at 25,000)`,
    });
  }
  const described = describedReason(target);
  // AWS's own verdict repeats the rules above: add it only when it says something they did not.
  if (described && reasons.length === 0) reasons.push(described);
  return eligibilityOf(reasons);
}

function describedReason(target: RedriveTarget): NotAllowedReason | null {
  switch (target.redriveStatus) {
    case null:
    case "REDRIVABLE":
      return null;
    case "REDRIVABLE_BY_MAP_RUN":
      return {
        code: "by-map-run",
        message: `This is a Distributed Map child: redrive the parent's Map Run instead${target.redriveStatusReason ? ` (${target.redriveStatusReason})` : ""}`,
      };
    case "NOT_REDRIVABLE":
      return {
        code: "not-redrivable",
        message: `AWS says it is not redrivable${target.redriveStatusReason ? `: ${target.redriveStatusReason}` : ""}`,
      };
    default:
      return {
        code: "unknown-redrive-status",
        message: `AWS reports redriveStatus ${target.redriveStatus}${target.redriveStatusReason ? `: ${target.redriveStatusReason}` : ""}`,
      };
  }
}
