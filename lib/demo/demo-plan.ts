import type { Rng } from "./prng";
import type { PlanContext, ScenarioRun } from "./scenario";
import { etlScenarioWeights, planEtlBatch, type EtlScenario } from "./scenarios/etl-batch";
import { imageScenarioWeights, planImagePipeline, type ImageScenario } from "./scenarios/image-pipeline";
import { planNightlyReport, reportScenarioWeights, type ReportScenario } from "./scenarios/nightly-report";
import { orderScenarioWeights, planOrderProcessing, type OrderScenario } from "./scenarios/order-processing";
import { planUserSignup, signupScenarioWeights, type SignupScenario } from "./scenarios/user-signup";

/** Which workflow runs, and how its execution goes. */
export type DemoPlan =
  | { readonly workflow: "order-processing"; readonly scenario: OrderScenario }
  | { readonly workflow: "image-pipeline"; readonly scenario: ImageScenario; readonly itemCount?: number }
  | { readonly workflow: "nightly-report"; readonly scenario: ReportScenario }
  | { readonly workflow: "user-signup"; readonly scenario: SignupScenario }
  | { readonly workflow: "etl-batch"; readonly scenario: EtlScenario };

/** Share of executions per workflow (sign-ups and orders dominate, as they would). */
const workflowWeights = [
  ["order-processing", 36],
  ["user-signup", 30],
  ["image-pipeline", 16],
  ["etl-batch", 10],
  ["nightly-report", 8],
] as const;

/** Draws a workflow and one of its ordinary scenarios (never the forced TIMED_OUT / ABORTED ones). */
export function drawDemoPlan(rng: Rng): DemoPlan {
  const workflow = rng.weighted(workflowWeights);
  switch (workflow) {
    case "order-processing":
      return { workflow, scenario: rng.weighted(orderScenarioWeights) };
    case "image-pipeline":
      return { workflow, scenario: rng.weighted(imageScenarioWeights) };
    case "nightly-report":
      return { workflow, scenario: rng.weighted(reportScenarioWeights) };
    case "user-signup":
      return { workflow, scenario: rng.weighted(signupScenarioWeights) };
    case "etl-batch":
      return { workflow, scenario: rng.weighted(etlScenarioWeights) };
    default: {
      const never: never = workflow;
      throw new Error(`unknown workflow ${String(never)}`);
    }
  }
}

/** The scenario player for a plan. */
export function scenarioFor(plan: DemoPlan): (ctx: PlanContext) => ScenarioRun {
  switch (plan.workflow) {
    case "order-processing":
      return (ctx) => planOrderProcessing(ctx, plan.scenario);
    case "image-pipeline":
      return (ctx) => planImagePipeline(ctx, plan.scenario, plan.itemCount === undefined ? undefined : { itemCount: plan.itemCount });
    case "nightly-report":
      return (ctx) => planNightlyReport(ctx, plan.scenario);
    case "user-signup":
      return (ctx) => planUserSignup(ctx, plan.scenario);
    case "etl-batch":
      return (ctx) => planEtlBatch(ctx, plan.scenario);
    default: {
      const never: never = plan;
      throw new Error(`unknown plan ${JSON.stringify(never)}`);
    }
  }
}
