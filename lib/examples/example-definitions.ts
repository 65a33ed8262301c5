import type { Json } from "@/lib/asl/types";
import { getBatchExampleDefinitions } from "./batch-example-definitions";
import { lambdaRetry, lambdaTask, opsAlertsTopicArn, type ExampleAccount } from "./example-lambda-task";

/** The bundled example state machines (the demo data and the large generated histories run them). */
export const exampleStateMachineNames = [
  "order-processing",
  "image-pipeline",
  "nightly-report",
  "user-signup",
  "etl-batch",
] as const;
export type ExampleStateMachineName = (typeof exampleStateMachineNames)[number];

/** The example state machines' ASL definitions, for one account. */
export function getExampleDefinitions(account: ExampleAccount): Record<ExampleStateMachineName, Json> {
  const topicArn = opsAlertsTopicArn(account);
  const batch = getBatchExampleDefinitions(account);
  return {
    "order-processing": {
      Comment: "Validate an order, charge the card, hand it to fulfilment.",
      StartAt: "ValidateOrder",
      States: {
        ValidateOrder: lambdaTask(account, "validate-order", {
          ResultSelector: { "valid.$": "$.Payload.valid", "riskScore.$": "$.Payload.riskScore" },
          ResultPath: "$.validation",
          Retry: [lambdaRetry],
          Next: "IsHighValue",
        }),
        IsHighValue: {
          Type: "Choice",
          Choices: [{ Variable: "$.amount", NumericGreaterThan: 500, Next: "FraudCheck" }],
          Default: "ChargeCard",
        },
        FraudCheck: lambdaTask(account, "fraud-check", {
          ResultSelector: { "decision.$": "$.Payload.decision" },
          ResultPath: "$.fraud",
          Next: "ChargeCard",
        }),
        ChargeCard: lambdaTask(account, "charge-card", {
          TimeoutSeconds: 30,
          ResultSelector: { "chargeId.$": "$.Payload.chargeId", "status.$": "$.Payload.status" },
          ResultPath: "$.payment",
          Retry: [
            { ErrorEquals: ["Payment.Declined", "States.Timeout"], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 },
          ],
          Catch: [{ ErrorEquals: ["Payment.Declined"], ResultPath: "$.error", Next: "NotifyPaymentFailed" }],
          Next: "ShipOrder",
        }),
        ShipOrder: {
          Type: "Task",
          Resource: "arn:aws:states:::sqs:sendMessage",
          Parameters: {
            QueueUrl: `https://sqs.${account.region}.amazonaws.com/${account.accountId}/fulfilment-orders`,
            "MessageBody.$": "$",
          },
          ResultPath: null,
          Next: "OrderCompleted",
        },
        OrderCompleted: { Type: "Succeed" },
        NotifyPaymentFailed: {
          Type: "Task",
          Resource: "arn:aws:states:::sns:publish",
          Parameters: {
            TopicArn: `arn:aws:sns:${account.region}:${account.accountId}:payment-failures`,
            "Message.$": "$",
          },
          ResultPath: null,
          Next: "PaymentFailed",
        },
        PaymentFailed: { Type: "Fail", Error: "Order.PaymentFailed", Cause: "The card was declined after retries." },
      },
    },
    "image-pipeline": {
      Comment: "Resize every uploaded image of a batch and record its metadata.",
      StartAt: "ListImages",
      States: {
        ListImages: {
          Type: "Task",
          Resource: "arn:aws:states:::aws-sdk:s3:listObjectsV2",
          Parameters: { "Bucket.$": "$.bucket", "Prefix.$": "$.prefix" },
          ResultSelector: { "images.$": "$.Contents[*].Key" },
          ResultPath: "$.listing",
          Next: "ProcessImages",
        },
        ProcessImages: {
          Type: "Map",
          ItemsPath: "$.listing.images",
          ItemSelector: { "bucket.$": "$.bucket", "key.$": "$$.Map.Item.Value" },
          MaxConcurrency: 10,
          ItemProcessor: {
            ProcessorConfig: { Mode: "INLINE" },
            StartAt: "ResizeImage",
            States: {
              ResizeImage: lambdaTask(account, "resize-image", {
                ResultSelector: { "thumbnail.$": "$.Payload.thumbnail", "bytes.$": "$.Payload.bytes" },
                ResultPath: "$.resized",
                Retry: [
                  {
                    ErrorEquals: ["Lambda.TooManyRequestsException"],
                    IntervalSeconds: 1,
                    MaxAttempts: 4,
                    BackoffRate: 2,
                  },
                ],
                Catch: [{ ErrorEquals: ["Image.Corrupt"], ResultPath: "$.error", Next: "MarkSkipped" }],
                Next: "StoreMetadata",
              }),
              MarkSkipped: { Type: "Pass", Parameters: { "key.$": "$.key", status: "skipped" }, End: true },
              StoreMetadata: {
                Type: "Task",
                Resource: "arn:aws:states:::dynamodb:putItem",
                Parameters: {
                  TableName: "image-metadata",
                  Item: { pk: { "S.$": "$.key" }, thumbnail: { "S.$": "$.resized.thumbnail" } },
                },
                ResultPath: null,
                End: true,
              },
            },
          },
          ResultPath: "$.results",
          Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "NotifyFailure" }],
          Next: "Done",
        },
        NotifyFailure: {
          Type: "Task",
          Resource: "arn:aws:states:::sns:publish",
          Parameters: { TopicArn: topicArn, "Message.$": "$.error" },
          ResultPath: null,
          Next: "PipelineFailed",
        },
        PipelineFailed: {
          Type: "Fail",
          Error: "Pipeline.ImageFailed",
          Cause: "At least one image could not be processed.",
        },
        Done: { Type: "Succeed" },
      },
    },
    "nightly-report": batch["nightly-report"],
    "user-signup": {
      Comment: "Express: create the account, then welcome the user or alert sales.",
      StartAt: "NormalizeInput",
      States: {
        NormalizeInput: {
          Type: "Pass",
          Parameters: { "email.$": "States.Format('{}', $.email)", "plan.$": "$.plan", "source.$": "$.source" },
          Next: "CreateUser",
        },
        CreateUser: lambdaTask(account, "create-user", {
          ResultSelector: { "userId.$": "$.Payload.userId" },
          ResultPath: "$.user",
          Retry: [lambdaRetry],
          Catch: [{ ErrorEquals: ["User.AlreadyExists"], ResultPath: "$.error", Next: "SignupRejected" }],
          Next: "IsEnterprise",
        }),
        IsEnterprise: {
          Type: "Choice",
          Choices: [{ Variable: "$.plan", StringEquals: "enterprise", Next: "NotifySales" }],
          Default: "SendWelcomeEmail",
        },
        NotifySales: {
          Type: "Task",
          Resource: "arn:aws:states:::sns:publish",
          Parameters: { TopicArn: `arn:aws:sns:${account.region}:${account.accountId}:sales-leads`, "Message.$": "$" },
          ResultPath: null,
          Next: "SignupDone",
        },
        SendWelcomeEmail: {
          Type: "Task",
          Resource: "arn:aws:states:::aws-sdk:sesv2:sendEmail",
          Parameters: {
            FromEmailAddress: "welcome@example.com",
            Destination: { "ToAddresses.$": "States.Array($.email)" },
            Content: { Template: { TemplateName: "welcome", TemplateData: "{}" } },
          },
          ResultPath: null,
          Next: "SignupDone",
        },
        SignupDone: { Type: "Succeed" },
        SignupRejected: {
          Type: "Fail",
          Error: "Signup.Duplicate",
          Cause: "An account with this email already exists.",
        },
      },
    },
    "etl-batch": batch["etl-batch"],
  };
}
