import type { PrismaClient } from "@/lib/db/generated/client";

/** Stored executions by status, from the daily rollups (no scan of executions). */
export async function getStatusCounts(db: PrismaClient): Promise<{ status: string; count: number }[]> {
  const sums = await db.executionDailyRollup.aggregate({
    _sum: {
      total: true,
      running: true,
      succeeded: true,
      failed: true,
      timedOut: true,
      aborted: true,
      pendingRedrive: true,
    },
  });
  const s = sums._sum;
  return [
    { status: "SUCCEEDED", count: s.succeeded ?? 0 },
    { status: "FAILED", count: s.failed ?? 0 },
    { status: "TIMED_OUT", count: s.timedOut ?? 0 },
    { status: "ABORTED", count: s.aborted ?? 0 },
    { status: "RUNNING", count: s.running ?? 0 },
    { status: "PENDING_REDRIVE", count: s.pendingRedrive ?? 0 },
  ];
}
