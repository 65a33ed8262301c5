import { parseExecutionArn } from "@/lib/history/parse-execution-arn";

/** The console host of each partition that has a public one (the ISO partitions have none reachable from here). */
const consoleHost: Readonly<Record<string, (region: string) => string>> = {
  aws: (region) => `https://${region}.console.aws.amazon.com`,
  "aws-cn": (region) => `https://${region}.console.amazonaws.cn`,
  "aws-us-gov": () => "https://console.amazonaws-us-gov.com",
};

/**
 * The execution's page in the AWS Step Functions console, from its ARN: Standard
 * `#/v2/executions/details/<arn>`, Express `#/express-executions/details/<arn>?startDate=<epoch ms>`
 * (the console looks an Express execution up in its CloudWatch Logs around that time).
 * The host follows the ARN's partition (`aws`, `aws-cn`, `aws-us-gov`) and region. Null for
 * an ARN that is not an execution's or a partition without a public console.
 */
export function awsConsoleUrl(executionArn: string, startDate: string | null): string | null {
  const parts = parseExecutionArn(executionArn);
  const partition = executionArn.split(":")[1] ?? "";
  const host = consoleHost[partition];
  if (!parts || !host || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(parts.region)) return null;
  const base = `${host(parts.region)}/states/home?region=${parts.region}`;
  if (parts.type === "STANDARD") return `${base}#/v2/executions/details/${executionArn}`;
  const startMs = startDate === null ? Number.NaN : Date.parse(startDate);
  return `${base}#/express-executions/details/${executionArn}${Number.isFinite(startMs) ? `?startDate=${startMs}` : ""}`;
}
