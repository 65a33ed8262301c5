import { functionError, lambdaResult, lambdaServiceError, sdkResult } from "../aws-payloads";
import type { JsonObject, PlanContext, ScenarioRun } from "../scenario";
import { failState, passThrough, succeedState } from "../state-steps";
import { exponentialBackoff, runTask, type AttemptPlan } from "../task-step";
import { lambdaArn } from "../workflows";

/** How a user-signup (Express) execution goes. */
export type SignupScenario = "success" | "throttled-then-created" | "duplicate";

export const signupScenarioWeights: readonly (readonly [SignupScenario, number])[] = [
  ["success", 86],
  ["throttled-then-created", 6],
  ["duplicate", 8],
];

const firstNames = ["ana", "bo", "chen", "dara", "eli", "farah", "gus", "hana", "ivan", "jo", "kofi", "lena"] as const;
const domains = ["example.com", "mail.example.org", "corp.example.net"] as const;

/** Plans one user-signup execution (Express: sub-second, Pass/Task/Choice). */
export function planUserSignup(ctx: PlanContext, scenario: SignupScenario): ScenarioRun {
  const { rng } = ctx;
  const input: JsonObject = {
    email: `${rng.pick(firstNames)}.${rng.hex(4)}@${rng.pick(domains)}`,
    plan: rng.weighted([["free", 70], ["pro", 25], ["enterprise", 5]]),
    source: rng.pick(["web", "web", "ios", "android"]),
  };
  const run: ScenarioRun["run"] = (root) => {
    passThrough(ctx, root, "Pass", "NormalizeInput", input);
    const userId = `usr_${rng.hex(12)}`;
    const created: AttemptPlan = { kind: "succeed", durationMs: rng.int(60, 420), output: lambdaResult(ctx, { userId }) };
    const attempts: AttemptPlan[] = (
      {
      success: [created],
      "throttled-then-created": [{ kind: "fail", durationMs: rng.int(5, 30), ...lambdaServiceError(ctx, "TooManyRequestsException") }, created],
      duplicate: [{ kind: "fail", durationMs: rng.int(40, 200), ...functionError(ctx, "User.AlreadyExists", `A user with email ${String(input["email"])} already exists`, "create-user.js") }],
    } satisfies Record<SignupScenario, AttemptPlan[]>
    )[scenario];
    const withUser: JsonObject = { ...input, user: { userId } };
    const rejected: JsonObject = { ...input, error: { Error: "User.AlreadyExists", Cause: "duplicate email" } };
    const create = runTask(ctx, root, {
      name: "CreateUser",
      resourceType: "lambda",
      resource: "invoke",
      input,
      parameters: { FunctionName: lambdaArn(ctx, "create-user"), Payload: input },
      attempts,
      backoffMs: exponentialBackoff(ctx, 1, 2),
      output: withUser,
      ...(scenario === "duplicate" ? { caughtOutput: rejected } : {}),
    });
    if (create.status === "FAILED") {
      failState(ctx, root, "SignupRejected", rejected);
      return { status: "FAILED", error: "Signup.Duplicate", cause: "An account with this email already exists." };
    }
    passThrough(ctx, root, "Choice", "IsEnterprise", withUser);
    const enterprise = input["plan"] === "enterprise";
    runTask(ctx, root, {
      name: enterprise ? "NotifySales" : "SendWelcomeEmail",
      resourceType: enterprise ? "sns" : "aws-sdk:sesv2",
      resource: enterprise ? "publish" : "sendEmail",
      input: withUser,
      parameters: enterprise
        ? { TopicArn: `arn:aws:sns:${ctx.region}:${ctx.accountId}:sales-leads`, Message: withUser }
        : {
            FromEmailAddress: "welcome@example.com",
            Destination: { ToAddresses: [input["email"] ?? null] },
            Content: { Template: { TemplateName: "welcome", TemplateData: "{}" } },
          },
      attempts: [{ kind: "succeed", durationMs: rng.int(40, 260), output: sdkResult(ctx, { MessageId: `0100${rng.hex(12)}-${rng.uuid()}-000000` }) }],
      backoffMs: exponentialBackoff(ctx, 1, 2),
      output: withUser,
    });
    succeedState(ctx, root, "SignupDone", withUser);
    return { status: "SUCCEEDED", output: withUser };
  };
  return { input, run };
}
