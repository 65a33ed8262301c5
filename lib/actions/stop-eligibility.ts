import { eligibilityOf, notFromAws, type ActionTarget, type Eligibility } from "./action-target";

/**
 * Whether `StopExecution` applies: a RUNNING Standard execution of an AWS source (AWS does
 * not stop Express executions through the API).
 */
export function getStopEligibility(
  target: Pick<ActionTarget, "sourceKind" | "sourceName" | "type" | "status">,
): Eligibility {
  const foreign = notFromAws(target);
  if (foreign) return eligibilityOf([foreign]);
  if (target.type === "EXPRESS") {
    return eligibilityOf([{ code: "express", message: "Express executions cannot be stopped through StopExecution" }]);
  }
  if (target.status !== "RUNNING") {
    return eligibilityOf([
      { code: "not-running", message: `The execution is ${target.status}: only a RUNNING execution can be stopped` },
    ]);
  }
  return { allowed: true };
}
