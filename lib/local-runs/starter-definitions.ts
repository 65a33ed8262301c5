/** A definition the Local runs page can start from, with an input and optionally a mock config. */
export interface StarterDefinition {
  readonly id: string;
  readonly title: string;
  readonly stateMachineName: string;
  readonly definition: string;
  readonly input: string;
  readonly mockConfig: string;
  readonly testCase: string;
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** Starters, the first opened by default. Task results come from the mock config (no AWS is called). */
export const starterDefinitions: readonly StarterDefinition[] = [
  {
    id: "greeting",
    title: "Greeting: a Choice and a Fail",
    stateMachineName: "local",
    definition: json({
      Comment: "Greets a customer; refuses an empty name",
      StartAt: "CheckName",
      States: {
        CheckName: {
          Type: "Choice",
          Choices: [{ Variable: "$.name", IsPresent: true, Next: "Greet" }],
          Default: "MissingName",
        },
        Greet: { Type: "Pass", Parameters: { "greeting.$": "States.Format('Hello, {}!', $.name)" }, End: true },
        MissingName: { Type: "Fail", Error: "Input.MissingName", Cause: "the input has no name" },
      },
    }),
    input: json({ name: "Ada" }),
    mockConfig: "",
    testCase: "",
  },
  {
    id: "charge-retry-catch",
    title: "Charge: a Task that retries, then a Catch",
    stateMachineName: "Checkout",
    definition: json({
      StartAt: "Charge",
      States: {
        Charge: {
          Type: "Task",
          Resource: "arn:aws:states:::lambda:invoke",
          Parameters: { FunctionName: "charge-card", "Payload.$": "$" },
          Retry: [{ ErrorEquals: ["Payment.Timeout"], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 }],
          Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "NotifyFailure" }],
          Next: "Done",
        },
        NotifyFailure: { Type: "Fail", Error: "Checkout.PaymentFailed", Cause: "the card could not be charged" },
        Done: { Type: "Succeed" },
      },
    }),
    input: json({ orderId: "o-1001", amount: 42.5 }),
    mockConfig: json({
      StateMachines: {
        Checkout: { TestCases: { GatewayDown: { Charge: "ChargeTimesOut" }, HappyPath: { Charge: "ChargeOk" } } },
      },
      MockedResponses: {
        ChargeTimesOut: { "0-2": { Throw: { Error: "Payment.Timeout", Cause: "the gateway did not answer" } } },
        ChargeOk: { "0": { Return: { StatusCode: 200, Payload: { charged: true } } } },
      },
    }),
    testCase: "GatewayDown",
  },
  {
    id: "parallel-wait",
    title: "Fan-out: a Parallel and a one-day Wait",
    stateMachineName: "local",
    definition: json({
      StartAt: "FanOut",
      States: {
        FanOut: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Email", States: { Email: { Type: "Pass", Result: "emailed", End: true } } },
            { StartAt: "Sms", States: { Sms: { Type: "Pass", Result: "texted", End: true } } },
          ],
          ResultPath: "$.sent",
          Next: "WaitADay",
        },
        WaitADay: { Type: "Wait", Seconds: 86400, Next: "Remind" },
        Remind: { Type: "Pass", End: true },
      },
    }),
    input: json({ customer: "c-7" }),
    mockConfig: "",
    testCase: "",
  },
];
