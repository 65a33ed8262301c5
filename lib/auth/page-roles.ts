import type { Role } from "./roles";

/**
 * The least role each page needs, by its first path segment (`/users/…` → `users`); a page
 * not listed needs `viewer`. Pages call `requirePageRole(pageRole("<segment>"))`; the
 * "forbidden" screen reads the same table to say which role was missing.
 */
const pageRoles: Readonly<Record<string, Role>> = {
  users: "admin",
  audit: "operator",
};

/** The least role the page at `pathname` (or its first segment) needs. */
export function pageRole(pathname: string): Role {
  const segment = pathname.replace(/^\/+/, "").split(/[/?#]/)[0] ?? "";
  return pageRoles[segment] ?? "viewer";
}
