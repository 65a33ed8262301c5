import type { Json } from "@/lib/asl/types";
import { lambdaTask, opsAlertsTopicArn, type ExampleAccount } from "./example-lambda-task";

/**
 * The scheduled batch jobs among the example state machines: the nightly report (parallel
 * branches, then publish) and the ETL batch (a Wait for the warehouse window, a Glue job).
 */
export function getBatchExampleDefinitions(account: ExampleAccount): Record<"nightly-report" | "etl-batch", Json> {
  const topicArn = opsAlertsTopicArn(account);
  return {
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
