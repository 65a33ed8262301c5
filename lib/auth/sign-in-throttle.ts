import type { Database } from "@/lib/db/database";
import { AppError } from "@/lib/api/errors";

/** Failed sign-ins of one username within the window before it is refused until the window passes. */
export const maxFailedSignIns = 5;
export const signInWindowMs = 15 * 60_000;

/**
 * Refuses (429) a sign-in for a username with `maxFailedSignIns` failures in the last 15
 * minutes. The failures are the audit log's DENIED `auth.sign-in` rows, so the count holds
 * across restarts and every web process.
 */
export async function assertNotLockedOut(db: Database, username: string, now = new Date()): Promise<void> {
  const since = new Date(now.getTime() - signInWindowMs);
  const failures = await db.prisma.auditLog.findMany({
    where: { action: "auth.sign-in", outcome: "DENIED", targetId: username, at: { gte: since } },
    orderBy: { at: "desc" },
    take: maxFailedSignIns,
    select: { at: true },
  });
  if (failures.length < maxFailedSignIns) return;
  const oldest = failures.at(-1)!.at.getTime();
  const minutes = Math.max(1, Math.ceil((oldest + signInWindowMs - now.getTime()) / 60_000));
  throw new AppError({ code: "too_many_requests", message: `Too many failed sign-ins for '${username}': try again in ${minutes} min` });
}
