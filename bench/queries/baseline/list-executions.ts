// Baseline for bench/queries: lib/queries/list-executions.ts as of commit 66185d3 (before the issue-6 speed work), kept
// unchanged so one bench run times the previous and the current read side by side. Not used by the app.
import type { Prisma, PrismaClient } from "@/lib/db/generated/client";
import type { ExecutionListPage, ExecutionListRow } from "@/lib/queries/execution-list-types";
import { timeRanges, type ExecutionListParams } from "@/lib/queries/execution-list-params";

/** Counting stops here: past it the list says "10,000+" instead of scanning everything. */
export const totalCap = 10_000;

const orderBy = (p: ExecutionListParams): Prisma.ExecutionOrderByWithRelationInput[] => {
  const dir = p.order;
  const tie: Prisma.ExecutionOrderByWithRelationInput = { id: dir };
  switch (p.sort) {
    case "startDate":
      return [{ startDate: dir }, tie];
    case "stopDate":
      return [{ stopDate: { sort: dir, nulls: "last" } }, tie];
    case "duration":
      return [{ durationMs: { sort: dir, nulls: "last" } }, tie];
    case "name":
      return [{ name: dir }, tie];
    case "status":
      return [{ status: dir }, tie];
    case "stateMachine":
      return [{ stateMachine: { name: dir } }, tie];
    default: {
      const never: never = p.sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
};

/** The filters of `params` as a Prisma `where`; `now` anchors relative time ranges. */
export function executionWhere(p: ExecutionListParams, now: Date): Prisma.ExecutionWhereInput {
  const where: Prisma.ExecutionWhereInput[] = [];
  if (p.status?.length) where.push({ status: { in: p.status } });
  if (p.stateMachine) where.push({ stateMachine: { name: p.stateMachine } });
  if (p.source) where.push({ source: { name: p.source } });
  if (p.signature) where.push({ failureSignature: p.signature });
  if (p.q) {
    // Prisma passes `contains` to ILIKE unescaped: `%` and `_` would match anything.
    const text = p.q.replace(/[\\%_]/g, "\\$&");
    where.push({
      OR: [
        { error: { contains: text, mode: "insensitive" } },
        { cause: { contains: text, mode: "insensitive" } },
        { rootCauseState: { contains: text, mode: "insensitive" } },
      ],
    });
  }
  const span = p.range ? timeRanges[p.range] : null;
  if (span !== null) where.push({ startDate: { gte: new Date(now.getTime() - span) } });
  if (p.from) where.push({ startDate: { gte: new Date(p.from) } });
  if (p.to) where.push({ startDate: { lt: new Date(p.to) } });
  return where.length ? { AND: where } : {};
}

/** One page of executions under the list's filters and sort. */
export async function listExecutions(
  db: PrismaClient,
  params: ExecutionListParams,
  now = new Date(),
): Promise<Omit<ExecutionListPage, "totalIsEstimate" | "nextCursor" | "prevCursor" | "undecided">> {
  const where = executionWhere(params, now);
  const skip = (params.page - 1) * params.pageSize;
  const [rows, counted] = await Promise.all([
    db.execution.findMany({
      where,
      orderBy: orderBy(params),
      skip,
      take: params.pageSize + 1,
      select: {
        id: true,
        executionArn: true,
        name: true,
        type: true,
        status: true,
        startDate: true,
        stopDate: true,
        durationMs: true,
        error: true,
        cause: true,
        rootCauseState: true,
        rootCauseError: true,
        redriveCount: true,
        eventCount: true,
        stateMachine: { select: { name: true, arn: true } },
        source: { select: { name: true, kind: true, isDemo: true } },
      },
    }),
    // Bounded count: exact for small lists, a lower bound past `totalCap`.
    // Prisma orders a bounded count by id; newest-first lets a time range or an indexed filter stop
    // after `totalCap` rows. Text search keeps the id order: its trigram bitmap scans beat an index walk.
    db.execution.count({
      where,
      take: totalCap + 1,
      ...(params.q ? {} : { orderBy: [{ startDate: "desc" as const }, { id: "desc" as const }] }),
    }),
  ]);
  const page: ExecutionListRow[] = rows.slice(0, params.pageSize).map((r) => ({
    id: r.id.toString(),
    executionArn: r.executionArn,
    name: r.name,
    stateMachineName: r.stateMachine.name,
    stateMachineArn: r.stateMachine.arn,
    type: r.type,
    status: r.status,
    startDate: r.startDate.toISOString(),
    stopDate: r.stopDate?.toISOString() ?? null,
    durationMs: r.durationMs === null ? null : Number(r.durationMs),
    error: r.error,
    cause: r.cause === null ? null : r.cause.slice(0, 300),
    rootCauseState: r.rootCauseState,
    rootCauseError: r.rootCauseError,
    sourceName: r.source.name,
    sourceKind: r.source.kind,
    isDemo: r.source.isDemo,
    redriveCount: r.redriveCount,
    eventCount: r.eventCount,
  }));
  return {
    rows: page,
    page: params.page,
    pageSize: params.pageSize,
    hasNext: rows.length > params.pageSize,
    total: Math.min(counted, totalCap),
    totalIsLowerBound: counted > totalCap,
  };
}
