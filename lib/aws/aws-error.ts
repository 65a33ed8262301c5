import type { AwsApi } from "./aws-quotas";

/** What a failed AWS call means for the sync. */
export type AwsErrorKind =
  /** Throttled, 5xx, timeout, connection reset: retry with backoff. */
  | "retryable"
  /** `nextToken` no longer valid: restart that listing. */
  | "expired-token"
  /** Credentials or permissions: stop the source and say what is missing. */
  | "access"
  /** The resource is gone (deleted state machine, execution past retention). */
  | "not-found"
  /** Anything else: fail this item. */
  | "fatal";

const throttleNames = new Set([
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "Throttling",
  "LimitExceededException",
]);
const accessNames = new Set([
  "AccessDeniedException",
  "AccessDenied",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "CredentialsProviderError",
  "MissingAuthenticationTokenException",
]);

const notFoundNames = new Set([
  "ExecutionDoesNotExist",
  "StateMachineDoesNotExist",
  "ResourceNotFound",
  "ResourceNotFoundException",
]);
const transientCodes = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "EAI_AGAIN", "ENOTFOUND"]);

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: unknown;
}

/**
 * Classifies an error thrown by an `@aws-sdk` client. Step Functions' `ThrottlingException`
 * is not in its model, so it arrives as a generic `SFNServiceException`: only `name` tells.
 */
export function classifyAwsError(error: unknown): AwsErrorKind {
  const e = (typeof error === "object" && error !== null ? error : {}) as ErrorShape;
  const name = typeof e.name === "string" ? e.name : "";
  const code = typeof e.code === "string" ? e.code : "";
  const status = e.$metadata?.httpStatusCode;
  if (throttleNames.has(name)) return "retryable";
  if (name === "InvalidToken" || name === "InvalidNextToken") return "expired-token";
  if (accessNames.has(name)) return "access";
  if (notFoundNames.has(name)) return "not-found";
  if (name === "TimeoutError" || name === "RequestTimeout") return "retryable";
  if (transientCodes.has(code) || transientCodes.has(name)) return "retryable";
  if (status !== undefined && status >= 500) return "retryable";
  if (status === 403) return "access";
  return "fatal";
}

/** A call that AWS refused for good: the source stops with these facts shown to the operator. */
export class AwsAccessError extends Error {
  override readonly name = "AwsAccessError";
  constructor(
    /** AWS's error code (`AccessDeniedException`, `UnrecognizedClientException`, …). */
    readonly code: string,
    /** AWS's message as it came. */
    readonly awsMessage: string,
    /** The IAM action that was refused (`states:GetExecutionHistory`). */
    readonly action: string,
  ) {
    super(`${code}: ${awsMessage} (needs ${action})`);
  }
}

/** The IAM action behind an API call. */
export function iamActionOf(api: AwsApi): string {
  return `${api === "FilterLogEvents" ? "logs" : "states"}:${api}`;
}

/** Name and message of any thrown value. */
export function errorFacts(error: unknown): { code: string; message: string } {
  const e = (typeof error === "object" && error !== null ? error : {}) as ErrorShape;
  return {
    code: typeof e.name === "string" && e.name !== "" ? e.name : "Error",
    message: typeof e.message === "string" ? e.message : String(error),
  };
}
