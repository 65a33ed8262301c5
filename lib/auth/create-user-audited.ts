import type { Database } from "@/lib/db/database";
import { recordAudit } from "@/lib/store/record-audit";
import { sqlClientOf } from "@/lib/store/sql-client";
import type { Actor } from "./actor";
import type { Role } from "./roles";
import { createUser, type UserRow } from "./users";

/** {@link createUser} and its `user.create` audit row by `actor`, in one transaction. */
export async function createUserAudited(
  db: Database,
  actor: Actor,
  input: { username: string; password: string | null; role: Role },
): Promise<UserRow> {
  return db.prisma.$transaction(async (tx) => {
    const user = await createUser(tx, input);
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
