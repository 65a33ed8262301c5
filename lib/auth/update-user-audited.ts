import type { Database } from "@/lib/db/database";
import { recordAudit } from "@/lib/store/record-audit";
import { sqlClientOf } from "@/lib/store/sql-client";
import type { Actor } from "./actor";
import type { Role } from "./roles";
import { checkPassword, updateUser, type UserRow } from "./users";

/** {@link updateUser} and its `user.update` audit row by `actor` (never the password: only that it changed), in one transaction. */
export async function updateUserAudited(
  db: Database,
  actor: Actor,
  id: string,
  change: { role?: Role | undefined; password?: string | undefined; disabled?: boolean | undefined },
): Promise<UserRow> {
  // Hashed before the transaction opens (see checkPassword).
  const password = change.password === undefined ? undefined : await checkPassword(change.password);
  return db.prisma.$transaction(async (tx) => {
    const user = await updateUser(tx, id, { ...change, password });
    await recordAudit(sqlClientOf(tx), actor, {
      action: "user.update",
      targetType: "user",
      targetId: id,
      details: {
        username: user.username,
        role: change.role,
        passwordChanged: change.password !== undefined,
        disabled: change.disabled,
      },
      outcome: "OK",
    });
    return user;
  });
}
