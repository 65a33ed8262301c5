import type { Database } from "@/lib/db/database";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/store/record-audit";
import { sqlClientOf } from "@/lib/store/sql-client";
import { AppError } from "@/lib/errors/app-error";
import { removeSourceIn } from "@/lib/store/remove-source-in";
import { demoSourceName } from "./seed-demo";

/** Removes the demo source, with its audit row in the same transaction. */
export async function removeDemoSourceAudited(db: Database, actor: Actor): Promise<{ executionsRemoved: number }> {
  return db.prisma.$transaction(
    async (tx) => {
      const source = await tx.source.findUnique({ where: { name: demoSourceName } });
      const result = source?.isDemo ? await removeSourceIn(tx, source.id) : { executionsRemoved: 0 };
      await recordAudit(sqlClientOf(tx), actor, {
        action: "source.remove-demo",
        targetType: "source",
        targetId: "demo",
        details: result,
        outcome: "OK",
      });
      return result;
    },
    { timeout: 120_000 },
  );
}

/**
 * Removes the AWS source `sourceId` and every execution it collected, with its audit row in
 * the same transaction. Refused while the source is syncing (the sync would write into it).
 * @throws {AppError} `not_found` for no such AWS source, `conflict` while it syncs.
 */
export async function removeAwsSourceAudited(
  db: Database,
  sourceId: number,
  actor: Actor,
): Promise<{ name: string; executionsRemoved: number }> {
  return db.prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ name: string; sync_state: string }[]>`
      SELECT name, sync_state::text FROM sources WHERE id = ${sourceId} AND kind = 'AWS' FOR UPDATE`;
      const source = rows[0];
      if (!source) throw new AppError({ code: "not_found", message: `No AWS source has id ${sourceId}` });
      if (source.sync_state === "RUNNING") {
        throw new AppError({
          code: "conflict",
          message: `${source.name} is syncing; remove it when the sync has ended`,
        });
      }
      const result = await removeSourceIn(tx, sourceId);
      await recordAudit(sqlClientOf(tx), actor, {
        action: "source.remove",
        targetType: "source",
        targetId: String(sourceId),
        details: { name: source.name, ...result },
        outcome: "OK",
      });
      return { name: source.name, ...result };
    },
    { timeout: 600_000 },
  );
}
