import type { PrismaTransaction } from "./prisma-transaction";

type DbRole = "ADMIN" | "OPERATOR" | "VIEWER";

/**
 * The writes to `users` (lib/auth/users.ts checks names, passwords and the last-admin rule,
 * and hashes; this writes the result). A Prisma client or the transaction it hands out.
 */
export const userRows = {
  insert(client: PrismaTransaction, data: { username: string; passwordHash: string; role: DbRole }) {
    return client.user.create({ data });
  },
  /** Changes a user; a new password or a disabled account also ends the user's sessions (one transaction when `client` is one). */
  async update(
    client: PrismaTransaction,
    id: string,
    data: { role?: DbRole; passwordHash?: string; disabledAt?: Date | null },
    endSessions: boolean,
  ) {
    const updated = await client.user.update({ where: { id }, data });
    if (endSessions) await client.session.deleteMany({ where: { userId: id } });
    return updated;
  },
  markSignedIn(client: PrismaTransaction, id: string, at: Date) {
    return client.user.update({ where: { id }, data: { lastLoginAt: at } });
  },
};
