import type { Role } from "./roles";

/**
 * Who is making a request or running a command. `userId` is set for a stored account;
 * `role` null means the request may read nothing (no session and anonymous access off).
 */
export interface Actor {
  readonly userId: string | null;
  /** Shown in the audit log and the nav: a username, a proxy identity, "anonymous" or "cli:<os user>". */
  readonly name: string;
  readonly role: Role | null;
  readonly via: "session" | "proxy" | "anonymous" | "cli" | "system";
}

export const anonymousActor = (role: Role | null): Actor => ({
  userId: null,
  name: "anonymous",
  role,
  via: "anonymous",
});

/** The CLI runs with the database's own credentials: whoever can run it can already write the store. */
export function cliActor(osUser: string): Actor {
  return { userId: null, name: `cli:${osUser}`, role: "admin", via: "cli" };
}

/** Work the server does by itself (scheduled syncs, resumed bulk jobs act for the user who started them). */
export const systemActor: Actor = { userId: null, name: "system", role: "admin", via: "system" };
