import type { Database } from "@/lib/db/database";
import { anonymousActor, type Actor } from "./actor";
import type { AuthConfig } from "./auth-config";
import { roleFromDb } from "./roles";
import { sessionCookieName } from "./session-token";
import { findSessionActor } from "./sessions";

/** What an incoming request carries that says who sent it. */
export interface RequestIdentity {
  header(name: string): string | null;
  cookie(name: string): string | undefined;
}

/**
 * Who sent a request: the trusted proxy's identity header when configured, else the
 * session cookie, else the anonymous visitor (viewer or nobody, per configuration).
 */
export async function resolveActor(db: Database, request: RequestIdentity, config: AuthConfig): Promise<Actor> {
  if (config.proxyHeader) {
    const identity = request.header(config.proxyHeader)?.trim();
    if (identity) {
      const user = await db.prisma.user.findUnique({ where: { username: identity } });
      if (user?.disabledAt) return anonymousActor(null);
      return user
        ? { userId: user.id, name: user.username, role: roleFromDb(user.role), via: "proxy" }
        : { userId: null, name: identity, role: config.proxyDefaultRole, via: "proxy" };
    }
  }
  const token = request.cookie(sessionCookieName);
  if (token) {
    const actor = await findSessionActor(db, token, config);
    if (actor) return actor;
  }
  return anonymousActor(config.anonymousRole);
}
