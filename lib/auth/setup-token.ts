import { timingSafeEqual } from "node:crypto";
import type { Database } from "@/lib/db/database";
import { AppError } from "@/lib/errors/app-error";
import { recordAudit, recordAuditAlone } from "@/lib/store/record-audit";
import { userRows } from "@/lib/store/user-rows";
import { setupTokenRow } from "@/lib/store/setup-token-row";
import { sqlClientOf } from "@/lib/store/sql-client";
import { anonymousActor, type Actor } from "./actor";
import { newToken, tokenHash } from "./session-token";
import { checkPassword, countActiveAdmins, createUser, toUserRow, type CheckedPassword, type UserRow } from "./users";

/**
 * While there is no active admin, makes a fresh one-time token for creating the first one
 * (printed by the server at start; only its hash is stored) and returns it; else null.
 */
export async function issueSetupToken(db: Database): Promise<string | null> {
  if ((await countActiveAdmins(db.prisma)) > 0) return null;
  const token = newToken();
  const value = { hash: tokenHash(token), issuedAt: new Date().toISOString() };
  await setupTokenRow.save(db.prisma, value);
  return token;
}

/** Whether the instance still waits for its first admin. */
export async function setupPending(db: Database): Promise<boolean> {
  return (await countActiveAdmins(db.prisma)) === 0;
}

/**
 * Creates the first admin with the token printed at start, signed in from then on (its last
 * sign-in is now). Refused (403) once any active admin exists or when the token does not
 * match; the token works once. A refusal is audited (who tried, never the token given).
 */
export async function createFirstAdmin(
  db: Database,
  input: { token: string; username: string; password: string },
): Promise<UserRow> {
  let refusal: string | null = null;
  try {
    // Hashed before the transaction opens (see checkPassword).
    const password = await checkPassword(input.password);
    return await createInTransaction(db, { ...input, password }, (reason) => (refusal = reason));
  } catch (e) {
    // The refusal's row stands alone: the transaction that refused was rolled back.
    if (refusal !== null)
      await recordAuditAlone(db, anonymousActor(null), {
        action: "user.setup-admin",
        targetType: "user",
        targetId: input.username,
        details: { username: input.username, reason: refusal },
        outcome: "DENIED",
      });
    throw e;
  }
}

function createInTransaction(
  db: Database,
  input: { token: string; username: string; password: CheckedPassword },
  refused: (reason: string) => void,
): Promise<UserRow> {
  return db.prisma.$transaction(async (tx) => {
    // One setup at a time: the row lock serializes two racing requests.
    const stored = await setupTokenRow.lockHash(tx);
    if ((await countActiveAdmins(tx)) > 0) {
      refused("setup is done: an admin exists");
      throw new AppError({
        code: "forbidden",
        message: "Setup is done: an admin exists. Sign in, or ask an admin for an account.",
      });
    }
    const given = Buffer.from(tokenHash(input.token), "hex");
    if (!stored || given.length !== 32 || !timingSafeEqual(given, Buffer.from(stored, "hex"))) {
      refused("wrong setup token");
      throw new AppError({
        code: "forbidden",
        message: "token: not the setup token this server printed at its last start",
      });
    }
    const user = await createUser(tx, { username: input.username, password: input.password, role: "admin" });
    await setupTokenRow.remove(tx);
    const actor: Actor = { userId: user.id, name: user.username, role: "admin", via: "session" };
    await recordAudit(sqlClientOf(tx), actor, {
      action: "user.setup-admin",
      targetType: "user",
      targetId: user.id,
      details: { username: user.username },
      outcome: "OK",
    });
    // Setup signs the new admin in: its last sign-in is this one, not "never".
    return toUserRow(await userRows.markSignedIn(tx, user.id, new Date()));
  });
}
