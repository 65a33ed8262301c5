import type { Json } from "../types";
import type { DiagnosticCode } from "./definition-error";

/** A Task `Resource` fault: AWS's message and code. */
export interface ResourceFault {
  readonly message: string;
  readonly code: DiagnosticCode;
}

// Optimized integrations that never offer a pattern (AWS's integration table; AWS refuses the
// combination at creation): no `.sync` (Run a Job) for these …
const NO_SYNC = new Set(["lambda", "sns", "sqs", "dynamodb", "events", "apigateway", "aws-sdk", "bedrock-agentcore"]);
// … and no `.waitForTaskToken` (callback) for these.
const NO_TOKEN = new Set([
  "athena",
  "batch",
  "codebuild",
  "elasticmapreduce",
  "emr-containers",
  "emr-serverless",
  "glue",
  "databrew",
  "mediaconvert",
  "sagemaker",
  "dynamodb",
  "bedrock-agentcore",
]);

const NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const API = /^([A-Za-z][A-Za-z0-9]*)(\.sync|\.sync:2|\.waitForTaskToken)?$/;

const notRecognized = (resource: string): ResourceFault => ({
  code: "SCHEMA_VALIDATION_FAILED",
  message: `The resource provided ${resource} is not recognized`,
});

/** `arn:<partition>:states:<region>:<account>:<service>:<api>[pattern]` or `…:aws-sdk:<service>:<action>[pattern]`. */
function integrationFault(resource: string, parts: readonly string[]): ResourceFault | null {
  const service = parts[5] ?? "";
  if (service === "activity") return (parts[6] ?? "") === "" ? notRecognized(resource) : null;
  const sdk = service === "aws-sdk";
  const apiText = parts.slice(sdk ? 7 : 6).join(":");
  const match = API.exec(apiText);
  if (!NAME.test(service) || (sdk && !NAME.test(parts[6] ?? "")) || match === null) return notRecognized(resource);
  const pattern = match[2] ?? "";
  if (pattern.startsWith(".sync") && NO_SYNC.has(service)) return notRecognized(resource);
  if (pattern === ".sync:2" && service !== "states") return notRecognized(resource);
  if (pattern === ".waitForTaskToken" && NO_TOKEN.has(service)) return notRecognized(resource);
  return null;
}

/**
 * AWS's fault for a Task's `Resource`, or null when it has a known shape: a Lambda function ARN
 * (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`), an activity ARN, or a
 * service integration `arn:aws:states:::<service>:<api>[.sync|.sync:2|.waitForTaskToken]`
 * (`aws-sdk:<service>:<action>`, `http:invoke`, …) in a pattern that service offers.
 */
export function resourceFault(resource: Json | undefined): ResourceFault | null {
  if (resource === undefined)
    return { code: "SCHEMA_VALIDATION_FAILED", message: "These fields are required: [Resource]" };
  if (typeof resource !== "string")
    return { code: "SCHEMA_VALIDATION_FAILED", message: "Expected value of type String" };
  const parts = resource.split(":");
  if (parts[0] !== "arn" || parts.length < 6 || !/^aws(-[a-z]+)*$/.test(parts[1] ?? ""))
    return { code: "SCHEMA_VALIDATION_FAILED", message: "Value is not a valid resource ARN" };
  if (parts[2] === "states") return integrationFault(resource, parts);
  if (parts[2] === "lambda")
    return parts[5] === "function" && (parts[6] ?? "") !== "" && parts.length <= 8 ? null : notRecognized(resource);
  return notRecognized(resource);
}
