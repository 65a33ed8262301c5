import type { Database } from "@/lib/db/database";
import { removeDemoSource } from "./seed-demo";

/** Removes the demo source and records who did it in the audit log. */
export async function removeDemoSourceAudited(db: Database, actor: string): Promise<{ executionsRemoved: number }> {
  const result = await removeDemoSource(db);
  await db.prisma.auditLog.create({
    data: { actor, action: "source.remove-demo", targetType: "source", targetId: "demo", details: result, outcome: "OK" },
  });
  return result;
}
