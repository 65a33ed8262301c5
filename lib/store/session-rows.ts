import type { Database } from "@/lib/db/database";

/** The rows of `sessions` (lib/auth/sessions.ts decides tokens and expiry; this writes them). */
export const sessionRows = {
  /** Stores a new session and drops the ones expired by `now`. */
  async insert(db: Database, row: { tokenHash: string; userId: string; now: Date; expiresAt: Date }): Promise<void> {
    await db.prisma.session.create({
      data: {
        tokenHash: row.tokenHash,
        userId: row.userId,
        createdAt: row.now,
        lastSeenAt: row.now,
        expiresAt: row.expiresAt,
      },
    });
    await db.prisma.session.deleteMany({ where: { expiresAt: { lt: row.now } } });
  },
  /** Slides a session's idle expiry. */
  async touch(db: Database, tokenHash: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await db.prisma.session.update({ where: { tokenHash }, data: { lastSeenAt, expiresAt } });
  },
  async remove(db: Database, tokenHash: string): Promise<void> {
    await db.prisma.session.deleteMany({ where: { tokenHash } });
  },
};
