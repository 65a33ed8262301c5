import { AppError } from "@/lib/errors/app-error";
import { errorFacts } from "@/lib/aws/aws-error";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import type { AwsSyncContext } from "@/lib/ingest/aws-standard/aws-sync-context";
import { syncStandardExecution } from "@/lib/ingest/aws-standard/sync-standard-execution";
import type { ActionTarget, Eligibility } from "./action-target";
import { recordAudit } from "@/lib/store/record-audit";
import { sqlClientOf, type SqlClient } from "@/lib/store/sql-client";
import { getAwsActionFailure } from "./aws-action-failure";
import { withAwsSource, type AwsActionOptions } from "./aws-action-context";

/** The transaction client an action's own writes and its audit row share. */
export type ActionTransaction = Parameters<Parameters<Database["prisma"]["$transaction"]>[0]>[0];

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
  /** Writes of the action itself, in the audit row's transaction (the replay's lineage, a bulk item's state). */
  readonly record?: (tx: ActionTransaction, ended: ActionEnd<R>) => Promise<void>;
}

/** How an action that was tried ended, as its own writes record it. */
export type ActionEnd<R> =
  | { readonly outcome: "OK"; readonly result: R; readonly resultArn: string }
  | { readonly outcome: "REFUSED" | "FAILED"; readonly message: string };

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
export async function runAwsAction<R>(
  db: Database,
  actor: Actor,
  spec: AwsActionSpec<R>,
  options: AwsActionOptions = {},
): Promise<AwsActionResult<R>> {
  if (!spec.eligibility.allowed) {
    const { reasons } = spec.eligibility;
    await auditOf(actor, spec)(db.pool, "REFUSED", { reasons });
    throw new AppError({ code: "conflict", message: reasons.map((r) => r.message).join("; "), details: { reasons } });
  }
  return withAwsSource(db, spec.target.sourceId, options, (ctx) => runAwsActionIn(ctx, db, actor, spec));
}

/**
 * The call, re-fetch and records of {@link runAwsAction} with the clients of `ctx` (a bulk
 * action reuses one context per source), without the eligibility check: AWS has the last
 * word (its refusal is recorded REFUSED).
 */
export async function runAwsActionIn<R>(
  ctx: AwsSyncContext,
  db: Database,
  actor: Actor,
  spec: AwsActionSpec<R>,
): Promise<AwsActionResult<R>> {
  const audit = auditOf(actor, spec);
  let result: R;
  try {
    result = await spec.call(ctx);
  } catch (error) {
    ctx.call.signal?.throwIfAborted();
    const failure = getAwsActionFailure(error, spec.iamAction);
    await db.prisma.$transaction(async (tx) => {
      await spec.record?.(tx, { outcome: failure.outcome, message: failure.message });
      await audit(sqlClientOf(tx), failure.outcome, { awsError: failure.awsError, message: failure.message });
    });
    throw new AppError({
      code: failure.httpCode,
      message: failure.message,
      details: { awsError: failure.awsError, outcome: failure.outcome },
    });
  }
  const resultArn = spec.resultArn(result);
  let refreshError: string | undefined;
  try {
    const synced = await syncStandardExecution(ctx, resultArn);
    if (synced.outcome === "busy")
      refreshError = "a sync is fetching this execution right now; it will show the change when it is done";
  } catch (error) {
    ctx.call.signal?.throwIfAborted();
    const { code, message } = errorFacts(error);
    refreshError = `could not fetch the execution again (${code}: ${message}); the next sync will`;
  }
  await db.prisma.$transaction(async (tx) => {
    await spec.record?.(tx, { outcome: "OK", result, resultArn });
    await audit(sqlClientOf(tx), "OK", { ...awsFacts(result), ...(refreshError ? { refreshError } : {}) }, resultArn);
  });
  return {
    outcome: "OK",
    executionArn: spec.target.executionArn,
    resultExecutionArn: resultArn,
    refreshed: refreshError === undefined,
    ...(refreshError ? { refreshError } : {}),
    aws: result,
  };
}

function auditOf(actor: Actor, spec: Pick<AwsActionSpec<unknown>, "action" | "details" | "target">) {
  return (
    client: SqlClient,
    outcome: string,
    details: Record<string, unknown>,
    resultExecutionArn: string | null = null,
  ) =>
    recordAudit(client, actor, {
      action: spec.action,
      targetType: "execution",
      targetId: spec.target.executionArn,
      details: { ...spec.details, ...details },
      outcome,
      resultExecutionArn,
    });
}

/** The call's answer as audit details (dates as ISO text). */
function awsFacts(result: unknown): Record<string, unknown> {
  if (typeof result !== "object" || result === null) return {};
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
}
