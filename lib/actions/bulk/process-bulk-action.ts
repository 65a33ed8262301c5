// Not `server-only`: the bulk worker (started by `npm start` through tsx, outside the Next bundle) loads this module and its imports.
import { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import type { Actor } from "@/lib/auth/actor";
import { roles } from "@/lib/auth/roles";
import type { Database } from "@/lib/db/database";
import { finishBulkAction } from "@/lib/store/finish-bulk-action";
import { recordBulkItemEnd, type BulkItemEnd } from "@/lib/store/record-bulk-item-end";
import type { ActionTarget } from "../action-target";
import { recordAudit } from "@/lib/store/record-audit";
import { sqlClientOf } from "@/lib/store/sql-client";
import { withAwsSource, type AwsActionOptions } from "../aws-action-context";
import { getActionTargets } from "../get-action-target";
import { buildRedriveSpec } from "../redrive-aws-execution";
import { buildReplaySpec } from "../replay-aws-execution";
import { runAwsActionIn, type AwsActionSpec } from "../run-aws-action";

/** Settings of {@link processBulkAction}. */
export interface ProcessBulkActionOptions extends AwsActionOptions {
  /** Items in flight at once (the token buckets still pace the calls); default 4. */
  readonly concurrency?: number;
  /** Told after each item is recorded (tests stop a run mid-way with it). */
  readonly onItemRecorded?: (position: number) => void;
}

const actorSchema = z.object({
  userId: z.string().nullable(),
  name: z.string(),
  role: z.enum(roles).nullable(),
  via: z.enum(["session", "proxy", "anonymous", "cli", "system"]),
});

interface PendingItem {
  readonly position: number;
  readonly executionArn: string;
  readonly idempotencyKey: string;
}

/**
 * Runs the PENDING items of bulk action `id`, acting and auditing as the user who started
 * it. Each item is one AWS call with its stored idempotency key (the redrive's
 * `clientToken`, the replay's execution name), so an item whose call went out before a
 * crash, but whose record did not, is the same call again and not a second action; its
 * state (DONE / REFUSED / FAILED) is written in the transaction of its audit row. One
 * process at a time runs a bulk action (an advisory lock); `"busy"` when another does.
 * The bulk action is DONE when no item is PENDING.
 */
export async function processBulkAction(
  db: Database,
  id: bigint,
  options: ProcessBulkActionOptions = {},
): Promise<"done" | "busy"> {
  const lock = await db.pool.connect();
  const key = `stepscope:bulk-action:${id}`;
  try {
    const { rows } = await lock.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok", [
      key,
    ]);
    if (!rows[0]?.ok) return "busy";
    try {
      await runPendingItems(db, id, options);
      await finishBulkAction(db, id);
      return "done";
    } finally {
      await lock.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [key]);
    }
  } finally {
    lock.release();
  }
}

async function runPendingItems(db: Database, id: bigint, options: ProcessBulkActionOptions): Promise<void> {
  const bulk = await db.prisma.bulkAction.findUnique({ where: { id }, select: { action: true, actor: true } });
  if (!bulk) throw new Error(`bulk action ${id} does not exist`);
  const actor: Actor = actorSchema.parse(bulk.actor);
  const items = await db.prisma.bulkActionItem.findMany({
    where: { bulkActionId: id, state: "PENDING" },
    orderBy: { position: "asc" },
    select: { position: true, executionArn: true, idempotencyKey: true },
  });
  const stored = await db.prisma.execution.findMany({
    where: { executionArn: { in: items.map((i) => i.executionArn) } },
    select: { id: true },
  });
  const targets = new Map(
    (
      await getActionTargets(
        db,
        stored.map((s) => s.id),
      )
    ).map((t) => [t.executionArn, t]),
  );

  const bySource = new Map<number, { item: PendingItem; target: ActionTarget }[]>();
  for (const item of items) {
    const target = targets.get(item.executionArn);
    if (!target) {
      await recordGone(db, actor, id, bulk.action, item);
      continue;
    }
    const list = bySource.get(target.sourceId) ?? [];
    list.push({ item, target });
    bySource.set(target.sourceId, list);
  }
  for (const [sourceId, work] of bySource) {
    await withAwsSource(db, sourceId, options, async (ctx) => {
      const queue = [...work];
      const lane = async (): Promise<void> => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          options.signal?.throwIfAborted();
          const spec = itemSpec(bulk.action, id, next.item, next.target);
          try {
            await runAwsActionIn(ctx, db, actor, spec);
          } catch (error) {
            // AWS refused or failed it: recorded with its audit row. Anything else (the database, a stop) ends the run; it resumes later.
            if (!(error instanceof AppError) && !(error instanceof ItemAlreadyRecorded)) throw error;
          }
          options.onItemRecorded?.(next.item.position);
        }
      };
      // Every lane ends before the run does (and before the advisory lock is let go), even when one fails.
      const ended = await Promise.allSettled(
        Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, lane),
      );
      const failed = ended.find((e): e is PromiseRejectedResult => e.status === "rejected");
      if (failed) throw failed.reason;
    });
  }
}

/** The single-execution action of an item, with the item's state written in its audit row's transaction. */
function itemSpec(action: string, id: bigint, item: PendingItem, target: ActionTarget): AwsActionSpec<unknown> {
  const allowed = { allowed: true } as const;
  const base: AwsActionSpec<unknown> =
    action === "redrive"
      ? (buildRedriveSpec(target, item.idempotencyKey, allowed) as AwsActionSpec<unknown>)
      : (buildReplaySpec(target, item.idempotencyKey, allowed) as AwsActionSpec<unknown>);
  return {
    ...base,
    details: { ...base.details, bulkActionId: String(id) },
    record: async (tx, ended) => {
      await base.record?.(tx, ended);
      const end: BulkItemEnd =
        ended.outcome === "OK"
          ? { state: "DONE", resultExecutionArn: ended.resultArn }
          : { state: ended.outcome, message: ended.message };
      // Recorded already (by a run that overlapped this one): roll back, so the item keeps one audit row.
      if (!(await recordBulkItemEnd(tx, id, item.position, end, { pendingOnly: true })))
        throw new ItemAlreadyRecorded();
    },
  };
}

class ItemAlreadyRecorded extends Error {
  override readonly name = "ItemAlreadyRecorded";
}

/** An item whose execution is no longer stored (its source was removed): refused, with its audit row. */
async function recordGone(db: Database, actor: Actor, id: bigint, action: string, item: PendingItem): Promise<void> {
  const message = "The execution is no longer stored (its source was removed)";
  await db.prisma.$transaction(async (tx) => {
    await recordBulkItemEnd(tx, id, item.position, { state: "REFUSED", message }, { pendingOnly: false });
    await recordAudit(sqlClientOf(tx), actor, {
      action: `execution.${action}`,
      targetType: "execution",
      targetId: item.executionArn,
      details: { bulkActionId: String(id), message },
      outcome: "REFUSED",
    });
  });
}
