import { functionError, lambdaResult, lambdaServiceError, sdkResult } from "../aws-payloads";
import type { Json } from "../history-recorder";
import type { JsonObject, PlanContext, ScenarioRun } from "../scenario";
import { failState, passThrough, succeedState } from "../state-steps";
import { exponentialBackoff, runTask, type AttemptPlan } from "../task-step";
import { lambdaArn } from "../workflows";

/** How an order-processing execution goes. */
export type OrderScenario = "success" | "declined-then-paid" | "payment-declined" | "validate-service-error" | "charge-timeout";

export const orderScenarioWeights: readonly (readonly [OrderScenario, number])[] = [
  ["success", 80],
  ["declined-then-paid", 6],
  ["payment-declined", 7],
  ["validate-service-error", 4],
  ["charge-timeout", 3],
];

const catalog = [
  ["SKU-1042", "Espresso beans 1kg", 24.5],
  ["SKU-2210", "Ceramic pour-over", 38],
  ["SKU-3307", "Burr grinder", 189],
  ["SKU-4415", "Milk frother", 59.99],
  ["SKU-5120", "Espresso machine", 649],
  ["SKU-6001", "Paper filters x100", 6.75],
] as const;

function orderInput(ctx: PlanContext): JsonObject {
  const { rng } = ctx;
  const lines = Array.from({ length: rng.int(1, 3) }, () => {
    const [sku, title, unitPrice] = rng.pick(catalog);
    return { sku, title, qty: rng.int(1, 3), unitPrice };
  });
  const amount = Math.round(lines.reduce((sum, line) => sum + line.qty * line.unitPrice, 0) * 100) / 100;
  return {
    orderId: `ORD-${rng.int(100000, 999999)}`,
    customerId: `cus_${rng.hex(14)}`,
    items: lines,
    amount,
    currency: "USD",
    paymentMethod: { type: "card", brand: rng.pick(["visa", "mastercard", "amex"]), last4: String(rng.int(1000, 9999)) },
    placedAt: new Date(ctx.startMs - rng.int(200, 5000)).toISOString(),
  };
}

/** Plans one order-processing execution. */
export function planOrderProcessing(ctx: PlanContext, scenario: OrderScenario): ScenarioRun {
  const { rng } = ctx;
  const input = orderInput(ctx);
  const fn = (name: string) => lambdaArn(ctx, name);
  const run: ScenarioRun["run"] = (root) => {
    const validateAttempts: AttemptPlan[] =
      scenario === "validate-service-error"
        ? Array.from({ length: 4 }, () => ({ kind: "fail", durationMs: rng.int(40, 900), ...lambdaServiceError(ctx, "ServiceException") }))
        : [{ kind: "succeed", durationMs: rng.int(80, 600), output: lambdaResult(ctx, { valid: true, riskScore: rng.int(1, 60) }) }];
    const validated: JsonObject = { ...input, validation: { valid: true, riskScore: rng.int(1, 60) } };
    const validate = runTask(ctx, root, {
      name: "ValidateOrder",
      resourceType: "lambda",
      resource: "invoke",
      input,
      parameters: { FunctionName: fn("validate-order"), Payload: input },
      attempts: validateAttempts,
      backoffMs: exponentialBackoff(ctx, 1, 2),
      output: validated,
    });
    if (validate.status === "FAILED") return { status: "FAILED", error: validate.error, cause: validate.cause };
    passThrough(ctx, root, "Choice", "IsHighValue", validated);
    let beforeCharge: JsonObject = validated;
    const amount = input["amount"];
    if (typeof amount === "number" && amount > 500) {
      beforeCharge = { ...validated, fraud: { decision: "approve" } };
      runTask(ctx, root, {
        name: "FraudCheck",
        resourceType: "lambda",
        resource: "invoke",
        input: validated,
        parameters: { FunctionName: fn("fraud-check"), Payload: validated },
        attempts: [{ kind: "succeed", durationMs: rng.int(300, 1800), output: lambdaResult(ctx, { decision: "approve", score: rng.int(2, 30) }) }],
        backoffMs: exponentialBackoff(ctx, 1, 2),
        output: beforeCharge,
      });
    }
    const declined = (): AttemptPlan => ({
      kind: "fail",
      durationMs: rng.int(300, 1500),
      ...functionError(ctx, "Payment.Declined", `Card declined: ${rng.pick(["insufficient_funds", "do_not_honor", "card_velocity_exceeded"])}`, "charge.js"),
    });
    const chargeId = `ch_${rng.hex(24)}`;
    const paid: AttemptPlan = {
      kind: "succeed",
      durationMs: rng.int(400, 2500),
      output: lambdaResult(ctx, { chargeId, status: "captured", amount: input["amount"] ?? null }),
    };
    const chargeAttempts: AttemptPlan[] = (
      {
      success: [paid],
      "declined-then-paid": [declined(), paid],
      "payment-declined": [declined(), declined(), declined()],
      "validate-service-error": [paid],
      "charge-timeout": Array.from({ length: 3 }, (): AttemptPlan => ({ kind: "time-out", durationMs: 30_000 })),
    } satisfies Record<OrderScenario, AttemptPlan[]>
    )[scenario];
    const charged: JsonObject = { ...beforeCharge, payment: { chargeId, status: "captured" } };
    const last = chargeAttempts[chargeAttempts.length - 1];
    const caughtOutput: JsonObject = {
      ...beforeCharge,
      error: last?.kind === "fail" ? { Error: last.error, Cause: last.cause } : null,
    };
    const charge = runTask(ctx, root, {
      name: "ChargeCard",
      resourceType: "lambda",
      resource: "invoke",
      input: beforeCharge,
      parameters: { FunctionName: fn("charge-card"), Payload: beforeCharge },
      timeoutSeconds: 30,
      attempts: chargeAttempts,
      backoffMs: exponentialBackoff(ctx, 2, 2),
      output: charged,
      ...(scenario === "payment-declined" ? { caughtOutput } : {}),
    });
    if (charge.status === "FAILED" && !charge.caught) return { status: "FAILED", error: charge.error, cause: charge.cause };
    if (charge.status === "FAILED") {
      runTask(ctx, root, {
        name: "NotifyPaymentFailed",
        resourceType: "sns",
        resource: "publish",
        input: caughtOutput,
        parameters: { TopicArn: `arn:aws:sns:${ctx.region}:${ctx.accountId}:payment-failures`, Message: caughtOutput },
        attempts: [{ kind: "succeed", durationMs: rng.int(30, 150), output: sdkResult(ctx, { MessageId: rng.uuid() }) }],
        backoffMs: exponentialBackoff(ctx, 1, 2),
        output: caughtOutput,
      });
      failState(ctx, root, "PaymentFailed", caughtOutput);
      return { status: "FAILED", error: "Order.PaymentFailed", cause: "The card was declined after retries." };
    }
    const queueUrl = `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/fulfilment-orders`;
    runTask(ctx, root, {
      name: "ShipOrder",
      resourceType: "sqs",
      resource: "sendMessage",
      input: charged,
      parameters: { QueueUrl: queueUrl, MessageBody: charged },
      attempts: [
        { kind: "succeed", durationMs: rng.int(20, 120), output: sdkResult(ctx, { MD5OfMessageBody: rng.hex(32), MessageId: rng.uuid() }) },
      ],
      backoffMs: exponentialBackoff(ctx, 1, 2),
      output: charged,
    });
    succeedState(ctx, root, "OrderCompleted", charged);
    const output: Json = charged;
    return { status: "SUCCEEDED", output };
  };
  return { input, run };
}
