import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/actor";
import type { Database } from "@/lib/db/database";
import { insertBulkAction } from "@/lib/store/insert-bulk-action";
import { recordAudit } from "@/lib/store/record-audit";
import { sqlClientOf } from "@/lib/store/sql-client";
import { getReplayName } from "../replay-name";
import { maxBulkItems, type BulkActionRequest } from "./bulk-action-request";
import { enqueueBulkAction } from "./bulk-action-jobs";
import { planBulkAction, type BulkPlan } from "./plan-bulk-action";
import { filtersOf, parseBulkFilters, selectBulkTargets } from "./select-bulk-targets";

/** A dry run's answer: the plan and whether the filters selected more than a bulk action takes. */
export interface BulkDryRun extends BulkPlan {
  readonly dryRun: true;
  readonly selected: number;
  readonly more: boolean;
  readonly maxItems: number;
}

/** A started bulk action. */
export interface BulkStarted {
  readonly dryRun: false;
  readonly id: string;
  readonly items: number;
  readonly skipped: number;
}

/**
 * A bulk redrive or replay: selects the executions with the list's filters and checks each
 * (the single-execution rules). A dry run answers the plan. Otherwise the eligible ones are
 * stored as PENDING items of a new bulk action, with its `bulk.start` audit row in the same
 * transaction, and its graphile-worker job is queued. Refused (409, audited) when nothing
 * is eligible or the filters select more than {@link maxBulkItems}.
 */
export async function createBulkAction(
  db: Database,
  actor: Actor,
  request: BulkActionRequest,
  now = new Date(),
): Promise<BulkDryRun | BulkStarted> {
  const params = parseBulkFilters(request.filters);
  const { targets, more } = await selectBulkTargets(db, params, now);
  const plan = planBulkAction(request.action, targets, now);
  if (request.dryRun) return { dryRun: true, ...plan, selected: targets.length, more, maxItems: maxBulkItems };

  const refuse = async (message: string): Promise<never> => {
    await recordAudit(db.pool, actor, {
      action: "bulk.start",
      targetType: "bulk_action",
      details: { action: request.action, filters: filtersOf(params) },
      outcome: "REFUSED",
    });
    throw new AppError({ code: "conflict", message });
  };
  if (more)
    await refuse(
      `The filters select more than ${maxBulkItems.toLocaleString("en")} executions; narrow them (a bulk action takes at most ${maxBulkItems.toLocaleString("en")})`,
    );
  if (plan.eligible.length === 0)
    await refuse(
      `None of the ${targets.length} selected executions can be ${request.action === "redrive" ? "redriven" : "replayed"}`,
    );

  const id = await db.prisma.$transaction(async (tx) => {
    const bulkId = await insertBulkAction(
      tx,
      {
        action: request.action,
        filters: JSON.parse(JSON.stringify(filtersOf(params))) as object,
        userId: actor.userId,
        actor: { userId: actor.userId, name: actor.name, role: actor.role, via: actor.via },
        options: request.nameSuffix ? { nameSuffix: request.nameSuffix } : {},
      },
      (id) => {
        const suffix = request.nameSuffix ?? `-bulk-${id}`;
        return plan.eligible.map((item, position) => ({
          executionArn: item.executionArn,
          // The redrive's clientToken (≤ 64 characters) or the replay's execution name: the same on every attempt.
          idempotencyKey:
            request.action === "redrive" ? `stepscope-bulk-${id}-${position}` : getReplayName(item.name, suffix),
        }));
      },
    );
    await recordAudit(sqlClientOf(tx), actor, {
      action: "bulk.start",
      targetType: "bulk_action",
      targetId: String(bulkId),
      details: {
        action: request.action,
        filters: filtersOf(params),
        items: plan.eligible.length,
        skipped: plan.ineligible.length,
      },
      outcome: "OK",
    });
    return bulkId;
  });
  await enqueueBulkAction(db.pool, id);
  return { dryRun: false, id: String(id), items: plan.eligible.length, skipped: plan.ineligible.length };
}
