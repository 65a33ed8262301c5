import type { Database } from "@/lib/db/database";
import { userRows } from "@/lib/store/user-rows";
import { AppError } from "@/lib/errors/app-error";
import { hashPassword, noPasswordHash, passwordProblem, verifyPassword } from "./password";
import { roleFromDb, roleToDb, type Role } from "./roles";

export interface UserRow {
  id: string;
  username: string;
  role: Role;
  createdAt: string;
  lastLoginAt: string | null;
  disabled: boolean;
  signsInWith: "password" | "proxy";
}

const usernamePattern = /^[A-Za-z0-9._@+|:-]{1,128}$/;

export function usernameProblem(username: string): string | null {
  return usernamePattern.test(username)
    ? null
    : "must be 1–128 letters, digits or . _ @ + - | : (an email or an SSO subject id works)";
}

type Tx = Parameters<Parameters<Database["prisma"]["$transaction"]>[0]>[0];
type Client = Database["prisma"] | Tx;

/**
 * Creates an account. `password` null makes one that signs in only through the trusted
 * proxy header (its role is kept here). Throws AppError (422 / 409) naming the field.
 */
export async function createUser(
  client: Client,
  input: { username: string; password: string | null; role: Role },
): Promise<UserRow> {
  const nameProblem = usernameProblem(input.username);
  if (nameProblem) throw new AppError({ code: "unprocessable_entity", message: `username: ${nameProblem}` });
  if (input.password !== null) {
    const problem = passwordProblem(input.password);
    if (problem) throw new AppError({ code: "unprocessable_entity", message: `password: ${problem}` });
  }
  const existing = await client.user.findUnique({ where: { username: input.username } });
  if (existing) throw new AppError({ code: "conflict", message: `username: '${input.username}' is taken` });
  const passwordHash = input.password === null ? noPasswordHash : await hashPassword(input.password);
  const user = await userRows.insert(client, { username: input.username, passwordHash, role: roleToDb(input.role) });
  return toUserRow(user);
}

/** Checks a username and password; null for any mismatch (unknown user, wrong password, disabled). */
export async function authenticate(db: Database, username: string, password: string): Promise<UserRow | null> {
  const user = await db.prisma.user.findUnique({ where: { username } });
  // An unknown user costs the same scrypt run as a known one.
  const ok = await verifyPassword(password, user?.passwordHash ?? noPasswordHash);
  if (!user || !ok || user.disabledAt) return null;
  const updated = await userRows.markSignedIn(db.prisma, user.id, new Date());
  return toUserRow(updated);
}

export async function listUsers(db: Database): Promise<UserRow[]> {
  const users = await db.prisma.user.findMany({ orderBy: { username: "asc" } });
  return users.map(toUserRow);
}

export async function findUserByName(client: Client, username: string): Promise<UserRow | null> {
  const user = await client.user.findUnique({ where: { username } });
  return user ? toUserRow(user) : null;
}

/** Active admins other than `exceptId`: an admin may not demote or disable the last one. */
async function otherActiveAdmins(client: Client, exceptId: string): Promise<number> {
  return client.user.count({ where: { role: "ADMIN", disabledAt: null, id: { not: exceptId } } });
}

export async function updateUser(
  client: Client,
  id: string,
  change: { role?: Role | undefined; password?: string | undefined; disabled?: boolean | undefined },
): Promise<UserRow> {
  const user = await client.user.findUnique({ where: { id } });
  if (!user) throw new AppError({ code: "not_found", message: `No user with id ${id}` });
  const losesAdmin = (change.role !== undefined && change.role !== "admin") || change.disabled === true;
  if (user.role === "ADMIN" && losesAdmin && (await otherActiveAdmins(client, id)) === 0) {
    throw new AppError({
      code: "conflict",
      message: `'${user.username}' is the last active admin: make another admin first`,
    });
  }
  const data: { role?: "ADMIN" | "OPERATOR" | "VIEWER"; passwordHash?: string; disabledAt?: Date | null } = {};
  if (change.role !== undefined) data.role = roleToDb(change.role);
  if (change.password !== undefined) {
    const problem = passwordProblem(change.password);
    if (problem) throw new AppError({ code: "unprocessable_entity", message: `password: ${problem}` });
    data.passwordHash = await hashPassword(change.password);
  }
  if (change.disabled !== undefined) data.disabledAt = change.disabled ? (user.disabledAt ?? new Date()) : null;
  // A new password or a disabled account ends the user's sessions (roles are read per request).
  const updated = await userRows.update(client, id, data, change.password !== undefined || change.disabled === true);
  return toUserRow(updated);
}

export async function countActiveAdmins(client: Client): Promise<number> {
  return client.user.count({ where: { role: "ADMIN", disabledAt: null } });
}

/** A user row as the API and CLI show it (no password hash). */
export function toUserRow(user: {
  id: string;
  username: string;
  role: "ADMIN" | "OPERATOR" | "VIEWER";
  createdAt: Date;
  lastLoginAt: Date | null;
  disabledAt: Date | null;
  passwordHash: string;
}): UserRow {
  return {
    id: user.id,
    username: user.username,
    role: roleFromDb(user.role),
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    disabled: user.disabledAt !== null,
    signsInWith: user.passwordHash === noPasswordHash ? "proxy" : "password",
  };
}
