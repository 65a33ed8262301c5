import type { PrismaClient } from "@/lib/db/generated/client";

/** Names offered by the executions list's state machine and source filters. */
export async function listFilterOptions(db: PrismaClient): Promise<{ stateMachines: string[]; sources: string[] }> {
  const [machines, sources] = await Promise.all([
    db.stateMachine.findMany({ select: { name: true }, distinct: ["name"], orderBy: { name: "asc" } }),
    db.source.findMany({ select: { name: true }, orderBy: { name: "asc" } }),
  ]);
  return { stateMachines: machines.map((m) => m.name), sources: sources.map((s) => s.name) };
}
