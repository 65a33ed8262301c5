import { z } from "zod";
import type { Database } from "@/lib/db/database";

export const auditLogParamsSchema = z.object({
  /** `execution.` matches every execution action; an exact action matches itself. */
  action: z.string().max(100).optional(),
  actor: z.string().max(200).optional(),
  /** A target id (execution ARN, user id, source) or a resulting execution ARN. */
  target: z.string().max(2048).optional(),
  outcome: z.string().max(40).optional(),
  /** Keyset paging: rows older than this id. */
  before: z.coerce.bigint().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditLogParams = z.infer<typeof auditLogParamsSchema>;

export interface AuditLogRow {
  id: string;
  at: string;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** The target's name where its id says nothing to a person: a user's username for a user id (null when deleted or not a user). */
  targetName: string | null;
  outcome: string;
  resultExecutionArn: string | null;
  details: unknown;
}

/**
 * Audit rows, newest first, filtered; `nextBefore` pages on. A source's `externalId` in the
 * details (source.create/update record the settings) shows to admins only, as on the Sources page.
 */
export async function listAuditLog(
  db: Database,
  params: AuditLogParams,
  options: { withExternalIds: boolean },
): Promise<{ rows: AuditLogRow[]; nextBefore: string | null }> {
  const action = params.action
    ? params.action.endsWith(".")
      ? { startsWith: params.action }
      : { equals: params.action }
    : undefined;
  const rows = await db.prisma.auditLog.findMany({
    where: {
      ...(action ? { action } : {}),
      ...(params.actor ? { actor: params.actor } : {}),
      ...(params.outcome ? { outcome: params.outcome } : {}),
      ...(params.target ? { OR: [{ targetId: params.target }, { resultExecutionArn: params.target }] } : {}),
      ...(params.before ? { id: { lt: params.before } } : {}),
    },
    orderBy: { id: "desc" },
    take: params.limit + 1,
  });
  const page = rows.slice(0, params.limit);
  // One read for every user the page names by id (user actions keep the id: a username can be reused).
  const userIds = [
    ...new Set(
      page.flatMap((r) => (r.targetType === "user" && r.targetId && uuid.test(r.targetId) ? [r.targetId] : [])),
    ),
  ];
  const users =
    userIds.length > 0
      ? await db.prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, username: true } })
      : [];
  const usernames = new Map(users.map((u) => [u.id, u.username]));
  return {
    rows: page.map((r) => ({
      id: r.id.toString(),
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      targetName: r.targetType === "user" && r.targetId ? (usernames.get(r.targetId) ?? null) : null,
      outcome: r.outcome,
      resultExecutionArn: r.resultExecutionArn,
      details: options.withExternalIds ? r.details : hideExternalIds(r.details),
    })),
    nextBefore: rows.length > params.limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function hideExternalIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hideExternalIds);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === "externalId" ? "(hidden: admins only)" : hideExternalIds(v)]),
  );
}
