/** The three roles, weakest first: viewer reads, operator acts on executions, admin manages sources and users. */
export const roles = ["viewer", "operator", "admin"] as const;
export type Role = (typeof roles)[number];

/** Whether `actual` (null: nobody) includes everything `needed` may do. */
export function hasRole(actual: Role | null, needed: Role): boolean {
  return actual !== null && roles.indexOf(actual) >= roles.indexOf(needed);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (roles as readonly string[]).includes(value);
}

/** Prisma's enum values (ADMIN, OPERATOR, VIEWER) ↔ roles. */
export function roleFromDb(value: "ADMIN" | "OPERATOR" | "VIEWER"): Role {
  return value.toLowerCase() as Role;
}
export function roleToDb(role: Role): "ADMIN" | "OPERATOR" | "VIEWER" {
  return role.toUpperCase() as "ADMIN" | "OPERATOR" | "VIEWER";
}
