import "server-only";
import { AppError } from "@/lib/api/errors";
import { errorFacts } from "@/lib/aws/aws-error";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import type { AwsSyncContext } from "@/lib/ingest/aws-standard/aws-sync-context";
import { syncStandardExecution } from "@/lib/ingest/aws-standard/sync-standard-execution";
import type { ActionTarget, Eligibility } from "./action-target";
import { recordAudit, type AuditClient } from "./audit";
import { getAwsActionFailure } from "./aws-action-failure";
import { withAwsSource, type AwsActionOptions } from "./aws-action-context";

/** The transaction client an action's own writes and its audit row share. */
export type ActionTransaction = Parameters<Parameters<Database["prisma"]["$transaction"]>[0]>[0] & AuditClient;

/** One AWS action on one stored execution. */
export interface AwsActionSpec<R> {
  /** Audit verb, e.g. `execution.redrive`. */
  readonly action: string;
  /** The IAM action of the call (named in failures). */
  readonly iamAction: string;
  readonly target: ActionTarget;
  readonly eligibility: Eligibility;
  /** The action's parameters, for the audit row (no secrets). */
  readonly details: Readonly<Record<string, unknown>>;
  /** The AWS call. */
  readonly call: (ctx: AwsSyncContext) => Promise<R>;
  /** The execution to fetch again afterwards (the one acted on, or the one started). */
  readonly resultArn: (result: R) => string;
  /** Writes of the action itself, in the audit row's transaction (e.g. the replay's lineage). */
  readonly record?: (tx: ActionTransaction, result: R) => Promise<void>;
}

/** What an action did. */
export interface AwsActionResult<R> {
  readonly outcome: "OK";
  readonly executionArn: string;
  readonly resultExecutionArn: string;
  /** Whether the execution was fetched again (false: the next sync brings it; `refreshError` says why). */
  readonly refreshed: boolean;
  readonly refreshError?: string;
  readonly aws: R;
}

/**
 * Runs an AWS action: refuses it (409, every reason, audited REFUSED) when not eligible;
 * makes the call through the source's clients and token buckets (AWS's refusal: 409,
 * audited REFUSED; any other fault: 502, audited FAILED); fetches the resulting execution
 * again through the collector (`syncStandardExecution`) so its page shows what changed;
 * then writes the action's own rows and its OK audit row in one transaction.
 */
export async function runAwsAction<R>(db: Database, actor: Actor, spec: AwsActionSpec<R>, options: AwsActionOptions = {}): Promise<AwsActionResult<R>> {
  const { target } = spec;
  const audit = (client: AuditClient, outcome: string, details: Record<string, unknown>, resultExecutionArn: string | null = null) =>
    recordAudit(client, actor, { action: spec.action, targetType: "execution", targetId: target.executionArn, details: { ...spec.details, ...details }, outcome, resultExecutionArn });

  if (!spec.eligibility.allowed) {
    await audit(db.prisma, "REFUSED", { reasons: spec.eligibility.reasons });
    throw new AppError({ code: "conflict", message: spec.eligibility.reasons.map((r) => r.message).join("; "), details: { reasons: spec.eligibility.reasons } });
  }
  return withAwsSource(db, target.sourceId, options, async (ctx) => {
    let result: R;
    try {
      result = await spec.call(ctx);
    } catch (error) {
      const failure = getAwsActionFailure(error, spec.iamAction);
      await audit(db.prisma, failure.outcome, { awsError: failure.awsError, message: failure.message });
      throw new AppError({ code: failure.httpCode, message: failure.message, details: { awsError: failure.awsError } });
    }
    const resultArn = spec.resultArn(result);
    let refreshError: string | undefined;
    try {
      const synced = await syncStandardExecution(ctx, resultArn);
      if (synced.outcome === "busy") refreshError = "a sync is fetching this execution right now; it will show the change when it is done";
    } catch (error) {
      const { code, message } = errorFacts(error);
      refreshError = `could not fetch the execution again (${code}: ${message}); the next sync will`;
    }
    await db.prisma.$transaction(async (tx) => {
      await spec.record?.(tx, result);
      await audit(tx, "OK", { ...awsFacts(result), ...(refreshError ? { refreshError } : {}) }, resultArn);
    });
    return {
      outcome: "OK",
      executionArn: target.executionArn,
      resultExecutionArn: resultArn,
      refreshed: refreshError === undefined,
      ...(refreshError ? { refreshError } : {}),
      aws: result,
    };
  });
}

/** The call's answer as audit details (dates as ISO text). */
function awsFacts(result: unknown): Record<string, unknown> {
  if (typeof result !== "object" || result === null) return {};
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}
