import type { Database } from "@/lib/db/database";
import { sessionRows } from "@/lib/store/session-rows";
import type { Actor } from "./actor";
import type { AuthConfig } from "./auth-config";
import { roleFromDb } from "./roles";
import { newToken, tokenHash } from "./session-token";

/** Refresh `last_seen_at` at most this often, so reading pages does not write on every request. */
const touchEveryMs = 60_000;

/** Starts a session for `userId`; returns the token for the cookie and when it expires. */
export async function createSession(
  db: Database,
  userId: string,
  config: Pick<AuthConfig, "sessionIdleMs" | "sessionMaxMs">,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + Math.min(config.sessionIdleMs, config.sessionMaxMs));
  await sessionRows.insert(db, { tokenHash: tokenHash(token), userId, now, expiresAt });
  return { token, expiresAt };
}

/**
 * The signed-in user behind `token`, or null when the session is unknown, expired (idle
 * or past its maximum age) or its user disabled. Slides the idle expiry forward.
 */
export async function findSessionActor(
  db: Database,
  token: string,
  config: Pick<AuthConfig, "sessionIdleMs" | "sessionMaxMs">,
  now = new Date(),
): Promise<Actor | null> {
  const hash = tokenHash(token);
  const session = await db.prisma.session.findUnique({ where: { tokenHash: hash }, include: { user: true } });
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > touchEveryMs) {
    const capped = Math.min(now.getTime() + config.sessionIdleMs, session.createdAt.getTime() + config.sessionMaxMs);
    await sessionRows.touch(db, hash, now, new Date(capped));
  }
  return { userId: session.user.id, name: session.user.username, role: roleFromDb(session.user.role), via: "session" };
}

export async function deleteSession(db: Database, token: string): Promise<void> {
  await sessionRows.remove(db, tokenHash(token));
}
