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
/** A password checked against the rules and hashed (see {@link checkPassword}). */
export interface CheckedPassword {
  readonly hash: string;
}

/**
 * Checks a password against the rules and hashes it (null: a proxy-only user, who has none).
 * Callers that write the user in a transaction call this first: scrypt takes a tenth of a
 * second of CPU, seconds on a loaded machine, and inside the transaction it would hold its
 * locks that long, or outlast Prisma's 5 s and fail the write.
 */
export async function checkPassword(password: string | null): Promise<CheckedPassword> {
  if (password === null) return { hash: noPasswordHash };
  const problem = passwordProblem(password);
  if (problem) throw new AppError({ code: "unprocessable_entity", message: `password: ${problem}` });
  return { hash: await hashPassword(password) };
}

const checked = (password: string | null | CheckedPassword): Promise<CheckedPassword> =>
  typeof password === "object" && password !== null ? Promise.resolve(password) : checkPassword(password);

export async function createUser(
  client: Client,
  input: { username: string; password: string | null | CheckedPassword; role: Role },
): Promise<UserRow> {
  const nameProblem = usernameProblem(input.username);
  if (nameProblem) throw new AppError({ code: "unprocessable_entity", message: `username: ${nameProblem}` });
  const password = await checked(input.password);
  const existing = await client.user.findUnique({ where: { username: input.username } });
  if (existing) throw new AppError({ code: "conflict", message: `username: '${input.username}' is taken` });
  const passwordHash = password.hash;
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
  change: { role?: Role | undefined; password?: string | CheckedPassword | undefined; disabled?: boolean | undefined },
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
  if (change.password !== undefined) data.passwordHash = (await checked(change.password)).hash;
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
