import "server-only";
import { forbidden, unauthorized } from "next/navigation";
import type { Actor } from "./actor";
import { getCurrentActor } from "./current-actor";
import { hasRole, type Role } from "./roles";

/**
 * The first call of every page that reads stored data, before any query: resolves who is
 * asking and stops the render when they may not see the page — `unauthorized()` (401, the
 * sign-in form) when nobody is signed in and anonymous access cannot read it, `forbidden()`
 * (403) for a signed-in user with too weak a role. Next renders a layout and its page in
 * parallel, and a React Server Component request (`RSC: 1`) renders the page alone, so the
 * layout's own check cannot keep a page's data out of the response: the page must check.
 */
export async function requirePageRole(needed: Role): Promise<Actor> {
  const actor = await getCurrentActor();
  if (hasRole(actor.role, needed)) return actor;
  if (actor.role === null || actor.via === "anonymous") unauthorized();
  forbidden();
}
