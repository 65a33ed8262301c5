import type { Database } from "@/lib/db/database";
import { recordAudit } from "@/lib/store/record-audit";
import { sqlClientOf } from "@/lib/store/sql-client";
import type { Actor } from "./actor";
import type { Role } from "./roles";
import { checkPassword, createUser, type UserRow } from "./users";

/** {@link createUser} and its `user.create` audit row by `actor`, in one transaction. */
export async function createUserAudited(
  db: Database,
  actor: Actor,
  input: { username: string; password: string | null; role: Role },
): Promise<UserRow> {
  // Hashed before the transaction opens (see checkPassword).
  const password = await checkPassword(input.password);
  return db.prisma.$transaction(async (tx) => {
    const user = await createUser(tx, { ...input, password });
    await recordAudit(sqlClientOf(tx), actor, {
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      details: { username: user.username, role: user.role, signsInWith: user.signsInWith },
      outcome: "OK",
    });
    return user;
  });
}
