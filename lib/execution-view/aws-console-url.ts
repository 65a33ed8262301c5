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

/** The global console host of each partition (IAM is a global service). */
const globalConsoleHost: Readonly<Record<string, string>> = {
  aws: "https://console.aws.amazon.com",
  "aws-cn": "https://console.amazonaws.cn",
  "aws-us-gov": "https://console.amazonaws-us-gov.com",
};

/**
 * An IAM role's page in the console (`arn:aws:iam::123456789012:role/service-role/Name` →
 * `…/iam/home#/roles/details/Name`; the console finds a role by its name, without the path).
 * Null for an ARN that is not a role's, or a partition without a public console.
 */
export function iamRoleConsoleUrl(roleArn: string): string | null {
  const match = /^arn:([a-z-]+):iam::\d{12}:role\/(?:[^/]+\/)*([^/]+)$/.exec(roleArn);
  const host = match ? globalConsoleHost[match[1] as string] : undefined;
  return match && host ? `${host}/iam/home#/roles/details/${encodeURIComponent(match[2] as string)}` : null;
}

/** The qualifier of a state machine version or alias ARN (`…:stateMachine:Orders:3` → `3`, `…:Orders:prod` → `prod`). */
export function stateMachineQualifier(arn: string): string | null {
  return /:stateMachine:[^:]+:([^:]+)$/.exec(arn)?.[1] ?? null;
}
