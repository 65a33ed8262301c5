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
  // Every request of a signed-in user asks this: one plain statement on the pool (a Prisma
  // query with its relation costs several times the CPU, on the server's busiest path).
  const { rows } = await db.pool.query<{
    created_at: Date;
    last_seen_at: Date;
    expires_at: Date;
    user_id: string;
    username: string;
    role: "ADMIN" | "OPERATOR" | "VIEWER";
    disabled_at: Date | null;
  }>(
    `SELECT s.created_at, s.last_seen_at, s.expires_at, u.id AS user_id, u.username, u.role::text AS role, u.disabled_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    [hash],
  );
  const session = rows[0];
  if (!session || session.expires_at <= now || session.disabled_at) return null;
  if (now.getTime() - session.last_seen_at.getTime() > touchEveryMs) {
    const capped = Math.min(now.getTime() + config.sessionIdleMs, session.created_at.getTime() + config.sessionMaxMs);
    await sessionRows.touch(db, hash, now, new Date(capped));
  }
  return { userId: session.user_id, name: session.username, role: roleFromDb(session.role), via: "session" };
}

export async function deleteSession(db: Database, token: string): Promise<void> {
  await sessionRows.remove(db, tokenHash(token));
}
