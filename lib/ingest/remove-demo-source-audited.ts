import type { Database } from "@/lib/db/database";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/actions/audit";
import { removeDemoSource } from "./seed-demo";

/** Removes the demo source and records who did it in the audit log. */
export async function removeDemoSourceAudited(db: Database, actor: Actor): Promise<{ executionsRemoved: number }> {
  const result = await removeDemoSource(db);
  await recordAudit(db.prisma, actor, { action: "source.remove-demo", targetType: "source", targetId: "demo", details: result, outcome: "OK" });
  return result;
}
