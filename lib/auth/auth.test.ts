import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/db";
import { getAuthConfig } from "./auth-config";
import { resolveActor } from "./resolve-actor";
import { sessionCookieName, tokenHash } from "./session-token";
import { createSession, findSessionActor } from "./sessions";
import { createFirstAdmin, issueSetupToken, setupPending } from "./setup-token";
import { authenticate, createUser, updateUser } from "./users";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const lifetimes = { sessionIdleMs: 3_600_000, sessionMaxMs: 4 * 3_600_000 };
const request = (cookies: Record<string, string>, headers: Record<string, string> = {}) => ({
  header: (name: string) => headers[name] ?? null,
  cookie: (name: string) => cookies[name],
});

describe("first admin", () => {
  it("is created once, with the printed token only, which then stops working", async () => {
    expect(await setupPending(db)).toBe(true);
    const token = await issueSetupToken(db);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the hash is kept.
    const stored = await db.prisma.appSetting.findUnique({ where: { key: "auth.setup-token" } });
    expect(JSON.stringify(stored?.value)).not.toContain(token!);
    expect(JSON.stringify(stored?.value)).toContain(tokenHash(token!));

    await expect(createFirstAdmin(db, { token: "guess", username: "root", password: "long enough pass" })).rejects.toThrow(/not the setup token/);
    await expect(createFirstAdmin(db, { token: token!, username: "root", password: "short" })).rejects.toThrow(/password: must be at least 10/);
    const admin = await createFirstAdmin(db, { token: token!, username: "root", password: "long enough pass" });
    expect(admin).toMatchObject({ username: "root", role: "admin" });
    expect(await setupPending(db)).toBe(false);
    await expect(createFirstAdmin(db, { token: token!, username: "root2", password: "long enough pass" })).rejects.toThrow(/Setup is done/);
    expect(await issueSetupToken(db)).toBeNull();
    const audit = await db.prisma.auditLog.findMany({ where: { action: "user.setup-admin" } });
    expect(audit).toMatchObject([{ actor: "root", userId: admin.id, outcome: "OK" }]);
  });

  it("keeps the last active admin: it can be neither demoted nor disabled", async () => {
    const root = await db.prisma.user.findUniqueOrThrow({ where: { username: "root" } });
    await expect(updateUser(db.prisma, root.id, { role: "viewer" })).rejects.toThrow(/last active admin/);
    await expect(updateUser(db.prisma, root.id, { disabled: true })).rejects.toThrow(/last active admin/);
  });
});

describe("sign-in and sessions", () => {
  it("authenticates the right password only, and names no reason", async () => {
    await createUser(db.prisma, { username: "olga", password: "operator pass 1", role: "operator" });
    expect(await authenticate(db, "olga", "operator pass 1")).toMatchObject({ username: "olga", role: "operator" });
    expect(await authenticate(db, "olga", "operator pass 2")).toBeNull();
    expect(await authenticate(db, "nobody", "operator pass 1")).toBeNull();
    await expect(createUser(db.prisma, { username: "olga", password: "another pass 1", role: "viewer" })).rejects.toThrow(/username: 'olga' is taken/);
    await expect(createUser(db.prisma, { username: "bad name", password: "another pass 1", role: "viewer" })).rejects.toThrow(/username: must be/);
  });

  it("stores only the token's hash, and ends a session when idle, past its maximum age, or when the user is disabled", async () => {
    const olga = await db.prisma.user.findUniqueOrThrow({ where: { username: "olga" } });
    const t0 = new Date("2026-11-22T10:00:00Z");
    const { token, expiresAt } = await createSession(db, olga.id, lifetimes, t0);
    expect(expiresAt.toISOString()).toBe("2026-11-22T11:00:00.000Z");
    expect(await db.prisma.session.findUnique({ where: { tokenHash: token } })).toBeNull();

    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    expect(await findSessionActor(db, token, lifetimes, at(50))).toMatchObject({ name: "olga", role: "operator", via: "session" });
    // Used at 0:50, so it now lives until 1:50 — and it is refused after that.
    expect(await findSessionActor(db, token, lifetimes, at(105))).not.toBeNull();
    expect(await findSessionActor(db, token, lifetimes, at(106 + 60))).toBeNull();

    const second = await createSession(db, olga.id, lifetimes, t0);
    for (let m = 50; m <= 230; m += 50) expect(await findSessionActor(db, second.token, lifetimes, at(m))).not.toBeNull();
    // Never past four hours after sign-in, however busy.
    expect(await findSessionActor(db, second.token, lifetimes, at(241))).toBeNull();

    const third = await createSession(db, olga.id, lifetimes, new Date());
    await db.prisma.user.update({ where: { id: olga.id }, data: { disabledAt: new Date() } });
    expect(await findSessionActor(db, third.token, lifetimes)).toBeNull();
    await db.prisma.user.update({ where: { id: olga.id }, data: { disabledAt: null } });
  });

  it("a new password ends the user's sessions", async () => {
    const olga = await db.prisma.user.findUniqueOrThrow({ where: { username: "olga" } });
    const { token } = await createSession(db, olga.id, lifetimes);
    await updateUser(db.prisma, olga.id, { password: "operator pass 3" });
    expect(await findSessionActor(db, token, lifetimes)).toBeNull();
  });
});

describe("resolveActor", () => {
  it("reads the session cookie, else the anonymous role", async () => {
    const olga = await db.prisma.user.findUniqueOrThrow({ where: { username: "olga" } });
    const { token } = await createSession(db, olga.id, lifetimes);
    const open = getAuthConfig({ HOSTNAME: "127.0.0.1" });
    const closed = getAuthConfig({ HOSTNAME: "0.0.0.0" });
    expect(await resolveActor(db, request({ [sessionCookieName]: token }), closed)).toMatchObject({ name: "olga", role: "operator" });
    expect(await resolveActor(db, request({}), open)).toMatchObject({ name: "anonymous", role: "viewer", via: "anonymous" });
    expect(await resolveActor(db, request({}), closed)).toMatchObject({ role: null, via: "anonymous" });
    expect(await resolveActor(db, request({ [sessionCookieName]: "forged" }), closed)).toMatchObject({ role: null });
  });

  it("trusts the proxy header only when configured: a known user keeps its role, others get the default", async () => {
    const proxied = getAuthConfig({ HOSTNAME: "0.0.0.0", STEPSCOPE_AUTH_PROXY_HEADER: "x-forwarded-email" });
    const withHeader = request({}, { "x-forwarded-email": "olga" });
    expect(await resolveActor(db, withHeader, proxied)).toMatchObject({ name: "olga", role: "operator", via: "proxy" });
    expect(await resolveActor(db, request({}, { "x-forwarded-email": "sam@example.com" }), proxied)).toMatchObject({
      name: "sam@example.com", role: "viewer", userId: null, via: "proxy",
    });
    expect(await resolveActor(db, withHeader, getAuthConfig({ HOSTNAME: "0.0.0.0" }))).toMatchObject({ role: null });
  });
});

describe("sign-in throttle", () => {
  it("refuses a username after five failures in 15 minutes, counted from the audit log, then lets it try again", async () => {
    const { assertNotLockedOut } = await import("./sign-in-throttle");
    const now = new Date();
    for (let i = 0; i < 4; i += 1) {
      await db.prisma.auditLog.create({ data: { actor: "anonymous", action: "auth.sign-in", targetId: "mallory-target", outcome: "DENIED", at: new Date(now.getTime() - (10 - i) * 60_000) } });
    }
    await expect(assertNotLockedOut(db, "mallory-target", now)).resolves.toBeUndefined();
    await db.prisma.auditLog.create({ data: { actor: "anonymous", action: "auth.sign-in", targetId: "mallory-target", outcome: "DENIED", at: now } });
    await expect(assertNotLockedOut(db, "mallory-target", now)).rejects.toThrow(/Too many failed sign-ins for 'mallory-target': try again in 5 min/);
    await expect(assertNotLockedOut(db, "someone-else", now)).resolves.toBeUndefined();
    await expect(assertNotLockedOut(db, "mallory-target", new Date(now.getTime() + 6 * 60_000))).resolves.toBeUndefined();
  });
});
