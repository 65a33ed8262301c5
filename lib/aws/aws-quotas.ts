/** The APIs Stepscope calls, as named in IAM (`states:<Api>`, `logs:<Api>`). */
export const awsApis = [
  "ListStateMachines",
  "DescribeStateMachine",
  "ListExecutions",
  "DescribeExecution",
  "GetExecutionHistory",
  "ListMapRuns",
  "DescribeMapRun",
  "ListTagsForResource",
  "FilterLogEvents",
  "StartExecution",
  "StopExecution",
  "RedriveExecution",
] as const;
export type AwsApi = (typeof awsApis)[number];

/** One API's quota: bucket size and refill per second. */
export interface ApiQuota {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export type QuotaOverrides = Partial<Record<AwsApi, ApiQuota>>;

/** Regions where Step Functions grants the larger `ListExecutions`/`DescribeExecution` quotas. */
const largeQuotaRegions = new Set(["us-east-1", "us-west-2", "eu-west-1"]);

/**
 * AWS's published default quotas (Step Functions "Quotas related to API action
 * throttling"; CloudWatch Logs `FilterLogEvents` 5 requests/s per account and region),
 * with `overrides` on top (an account with raised quotas, a test fake).
 */
export function getApiQuota(api: AwsApi, region: string, overrides: QuotaOverrides = {}): ApiQuota {
  const override = overrides[api];
  if (override) return override;
  const large = largeQuotaRegions.has(region);
  switch (api) {
    case "GetExecutionHistory":
      return { capacity: 400, refillPerSecond: 20 };
    case "ListExecutions":
      return large ? { capacity: 200, refillPerSecond: 5 } : { capacity: 100, refillPerSecond: 2 };
    case "DescribeExecution":
      return large ? { capacity: 300, refillPerSecond: 15 } : { capacity: 250, refillPerSecond: 10 };
    case "ListStateMachines":
      return { capacity: 100, refillPerSecond: 5 };
    case "DescribeStateMachine":
      return { capacity: 200, refillPerSecond: 20 };
    case "ListMapRuns":
    case "DescribeMapRun":
    case "ListTagsForResource":
      // Not among the per-API figures the issue lists; a conservative bucket, overridable.
      return { capacity: 100, refillPerSecond: 5 };
    case "FilterLogEvents":
      return { capacity: 5, refillPerSecond: 5 };
    case "StartExecution":
      return large ? { capacity: 1300, refillPerSecond: 300 } : { capacity: 800, refillPerSecond: 150 };
    case "StopExecution":
      return large ? { capacity: 1000, refillPerSecond: 200 } : { capacity: 500, refillPerSecond: 25 };
    case "RedriveExecution":
      // Not among AWS's per-API figures: the conservative bucket of the other unlisted APIs, overridable.
      return { capacity: 100, refillPerSecond: 5 };
    default: {
      const unreachable: never = api;
      throw new Error(`no quota for ${String(unreachable)}`);
    }
  }
}
