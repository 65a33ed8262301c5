import type { Json } from "@/lib/asl/types";

/** The bundled example state machines (the demo data and the large generated histories run them). */
export const exampleStateMachineNames = [
  "order-processing",
  "image-pipeline",
  "nightly-report",
  "user-signup",
  "etl-batch",
] as const;
export type ExampleStateMachineName = (typeof exampleStateMachineNames)[number];

/** Where the example account lives. */
export interface ExampleAccount {
  readonly region: string;
  readonly accountId: string;
}

/** `arn:aws:lambda:<region>:<account>:function:<name>:$LATEST`. */
export function lambdaArn(account: ExampleAccount, functionName: string): string {
  return `arn:aws:lambda:${account.region}:${account.accountId}:function:${functionName}:$LATEST`;
}

const lambdaInvoke = "arn:aws:states:::lambda:invoke";
const lambdaRetry = {
  ErrorEquals: [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
  ],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
};

function lambdaTask(account: ExampleAccount, functionName: string, rest: Record<string, Json>): Record<string, Json> {
  return {
    Type: "Task",
    Resource: lambdaInvoke,
    Parameters: { FunctionName: lambdaArn(account, functionName), "Payload.$": "$" },
    ...rest,
  };
}

/** The example state machines' ASL definitions, for one account. */
export function getExampleDefinitions(account: ExampleAccount): Record<ExampleStateMachineName, Json> {
  const topicArn = `arn:aws:sns:${account.region}:${account.accountId}:ops-alerts`;
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
    "nightly-report": {
      Comment: "Build the nightly sales, inventory and metrics reports in parallel, then publish.",
      StartAt: "BuildReports",
      States: {
        BuildReports: {
          Type: "Parallel",
          Branches: [
            {
              StartAt: "QuerySales",
              States: {
                QuerySales: {
                  Type: "Task",
                  Resource: "arn:aws:states:::athena:startQueryExecution.sync",
                  Parameters: {
                    QueryString:
                      "SELECT region, sum(amount) FROM sales WHERE day = current_date - interval '1' day GROUP BY 1",
                    WorkGroup: "reports",
                  },
                  ResultSelector: { "queryId.$": "$.QueryExecution.QueryExecutionId" },
                  Next: "FormatSales",
                },
                FormatSales: { Type: "Pass", Parameters: { report: "sales", "queryId.$": "$.queryId" }, End: true },
              },
            },
            {
              StartAt: "ScanInventory",
              States: {
                ScanInventory: {
                  Type: "Task",
                  Resource: "arn:aws:states:::aws-sdk:dynamodb:scan",
                  Parameters: { TableName: "inventory", Select: "COUNT" },
                  ResultSelector: { report: "inventory", "count.$": "$.Count" },
                  End: true,
                },
              },
            },
            {
              StartAt: "ExportMetrics",
              States: {
                ExportMetrics: lambdaTask(account, "export-metrics", {
                  TimeoutSeconds: 300,
                  ResultSelector: { report: "metrics", "objectKey.$": "$.Payload.objectKey" },
                  Retry: [{ ErrorEquals: ["States.Timeout"], IntervalSeconds: 30, MaxAttempts: 1 }],
                  End: true,
                }),
              },
            },
          ],
          ResultPath: "$.reports",
          Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "NotifyOnCall" }],
          Next: "PublishReport",
        },
        PublishReport: lambdaTask(account, "publish-report", { ResultPath: null, End: true }),
        NotifyOnCall: {
          Type: "Task",
          Resource: "arn:aws:states:::sns:publish",
          Parameters: { TopicArn: topicArn, "Message.$": "States.JsonToString($.error)" },
          ResultPath: null,
          Next: "ReportFailed",
        },
        ReportFailed: {
          Type: "Fail",
          Error: "Report.BuildFailed",
          Cause: "A report branch failed; on-call was notified.",
        },
      },
    },
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
    "etl-batch": {
      Comment: "Extract yesterday's batch, wait for the warehouse window, load it.",
      TimeoutSeconds: 3600,
      StartAt: "ExtractBatch",
      States: {
        ExtractBatch: lambdaTask(account, "extract-batch", {
          ResultSelector: { "manifest.$": "$.Payload.manifest", "rows.$": "$.Payload.rows" },
          ResultPath: "$.extract",
          Retry: [
            {
              ErrorEquals: ["States.TaskFailed", "Lambda.ServiceException"],
              IntervalSeconds: 5,
              MaxAttempts: 3,
              BackoffRate: 2,
            },
          ],
          Next: "WaitForWarehouseWindow",
        }),
        WaitForWarehouseWindow: { Type: "Wait", Seconds: 300, Next: "LoadWarehouse" },
        LoadWarehouse: {
          Type: "Task",
          Resource: "arn:aws:states:::glue:startJobRun.sync",
          Parameters: { JobName: "load-warehouse", Arguments: { "--manifest.$": "$.extract.manifest" } },
          ResultSelector: { "jobRunId.$": "$.Id", "state.$": "$.JobRunState" },
          ResultPath: "$.load",
          Retry: [
            {
              ErrorEquals: ["Glue.ConcurrentRunsExceededException"],
              IntervalSeconds: 60,
              MaxAttempts: 2,
              BackoffRate: 1.5,
            },
          ],
          Next: "BatchLoaded",
        },
        BatchLoaded: { Type: "Succeed" },
      },
    },
  };
}
