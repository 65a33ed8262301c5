import type { PrismaClient } from "@/lib/db/generated/client";

export interface SourceRow {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly isDemo: boolean;
  readonly region: string | null;
  readonly accountId: string | null;
  readonly executions: number;
  readonly lastSyncAt: string | null;
  readonly lastError: string | null;
}

/** Every source with its execution count. */
export async function listSources(db: PrismaClient): Promise<SourceRow[]> {
  const sources = await db.source.findMany({ orderBy: { name: "asc" }, include: { _count: { select: { executions: true } } } });
  return sources.map((s) => ({
    id: s.id,
    name: s.name,
    kind: s.kind,
    isDemo: s.isDemo,
    region: s.region,
    accountId: s.accountId,
    executions: s._count.executions,
    lastSyncAt: s.lastSyncAt?.toISOString() ?? null,
    lastError: s.lastError,
  }));
}
