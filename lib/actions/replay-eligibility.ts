import { eligibilityOf, notFromAws, type ActionTarget, type Eligibility, type NotAllowedReason } from "./action-target";

/**
 * Whether an AWS replay (`StartExecution` of the same state machine with the same input)
 * applies: a Standard execution of an AWS source whose whole input is stored (a truncated
 * input would start a different execution).
 */
export function getReplayEligibility(
  target: Pick<ActionTarget, "sourceKind" | "sourceName" | "type" | "input" | "inputTruncated">,
): Eligibility {
  const foreign = notFromAws(target);
  if (foreign) return eligibilityOf([foreign]);
  const reasons: NotAllowedReason[] = [];
  if (target.type === "EXPRESS") {
    reasons.push({
      code: "express",
      message: "Express executions are collected from logs; replay is offered for Standard executions only",
    });
  }
  if (target.input === null) {
    reasons.push({
      code: "no-input",
      message: "The execution's input is not stored, so it cannot be started again with the same input",
    });
  } else if (target.inputTruncated) {
    reasons.push({
      code: "input-truncated",
      message: "The stored input was truncated by AWS, so it cannot be started again with the same input",
    });
  }
  return eligibilityOf(reasons);
}
