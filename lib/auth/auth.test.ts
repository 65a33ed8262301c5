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

    await expect(
      createFirstAdmin(db, { token: "guess", username: "root", password: "long enough pass" }),
    ).rejects.toThrow(/not the setup token/);
    await expect(createFirstAdmin(db, { token: token!, username: "root", password: "short" })).rejects.toThrow(
      /password: must be at least 10/,
    );
    const before = Date.now();
    const admin = await createFirstAdmin(db, { token: token!, username: "root", password: "long enough pass" });
    expect(admin).toMatchObject({ username: "root", role: "admin" });
    // Setup signs the admin in: the users page must not say "never" right after.
    expect(Date.parse(admin.lastLoginAt ?? "")).toBeGreaterThanOrEqual(before - 1000);
    expect(await setupPending(db)).toBe(false);
    await expect(
      createFirstAdmin(db, { token: token!, username: "root2", password: "long enough pass" }),
    ).rejects.toThrow(/Setup is done/);
    expect(await issueSetupToken(db)).toBeNull();
    const audit = await db.prisma.auditLog.findMany({ where: { action: "user.setup-admin" }, orderBy: { id: "asc" } });
    // The refusals are audited too (the wrong token first, then the second setup), never with the token given.
    expect(audit.map((a) => [a.actor, a.outcome, a.targetId])).toEqual([
      ["anonymous", "DENIED", "root"],
      ["root", "OK", admin.id],
      ["anonymous", "DENIED", "root2"],
    ]);
    expect(audit[0]?.details).toEqual({ username: "root", reason: "wrong setup token" });
    expect(audit[2]?.details).toEqual({ username: "root2", reason: "setup is done: an admin exists" });
    expect(JSON.stringify(audit.map((a) => [a.targetId, a.details]))).not.toContain(token!);
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
    await expect(
      createUser(db.prisma, { username: "olga", password: "another pass 1", role: "viewer" }),
    ).rejects.toThrow(/username: 'olga' is taken/);
    await expect(
      createUser(db.prisma, { username: "bad name", password: "another pass 1", role: "viewer" }),
    ).rejects.toThrow(/username: must be/);
  });

  it("stores only the token's hash, and ends a session when idle, past its maximum age, or when the user is disabled", async () => {
    const olga = await db.prisma.user.findUniqueOrThrow({ where: { username: "olga" } });
    const t0 = new Date("2026-11-22T10:00:00Z");
    const { token, expiresAt } = await createSession(db, olga.id, lifetimes, t0);
    expect(expiresAt.toISOString()).toBe("2026-11-22T11:00:00.000Z");
    expect(await db.prisma.session.findUnique({ where: { tokenHash: token } })).toBeNull();

    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    expect(await findSessionActor(db, token, lifetimes, at(50))).toMatchObject({
      name: "olga",
      role: "operator",
      via: "session",
    });
    // Used at 0:50, so it now lives until 1:50 — and it is refused after that.
    expect(await findSessionActor(db, token, lifetimes, at(105))).not.toBeNull();
    expect(await findSessionActor(db, token, lifetimes, at(106 + 60))).toBeNull();

    const second = await createSession(db, olga.id, lifetimes, t0);
    for (let m = 50; m <= 230; m += 50)
      expect(await findSessionActor(db, second.token, lifetimes, at(m))).not.toBeNull();
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
    expect(await resolveActor(db, request({ [sessionCookieName]: token }), closed)).toMatchObject({
      name: "olga",
      role: "operator",
    });
    expect(await resolveActor(db, request({}), open)).toMatchObject({
      name: "anonymous",
      role: "viewer",
      via: "anonymous",
    });
    expect(await resolveActor(db, request({}), closed)).toMatchObject({ role: null, via: "anonymous" });
    expect(await resolveActor(db, request({ [sessionCookieName]: "forged" }), closed)).toMatchObject({ role: null });
  });

  it("trusts the proxy header only when configured: a known user keeps its role, others get the default", async () => {
    const proxied = getAuthConfig({ HOSTNAME: "0.0.0.0", STEPSCOPE_AUTH_PROXY_HEADER: "x-forwarded-email" });
    const withHeader = request({}, { "x-forwarded-email": "olga" });
    expect(await resolveActor(db, withHeader, proxied)).toMatchObject({ name: "olga", role: "operator", via: "proxy" });
    expect(await resolveActor(db, request({}, { "x-forwarded-email": "sam@example.com" }), proxied)).toMatchObject({
      name: "sam@example.com",
      role: "viewer",
      userId: null,
      via: "proxy",
    });
    expect(await resolveActor(db, withHeader, getAuthConfig({ HOSTNAME: "0.0.0.0" }))).toMatchObject({ role: null });
  });
});

describe("sign-in throttle", () => {
  it("refuses a username's sixth attempt in 15 minutes, lets it try again after the window, and a success clears the count", async () => {
    const { clearSignInAttempt, reserveSignInAttempt } = await import("./sign-in-throttle");
    const now = new Date();
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    for (let i = 0; i < 5; i += 1)
      await reserveSignInAttempt(db, { username: "mallory-target", address: `10.0.0.${i}` }, at(i));
    await expect(reserveSignInAttempt(db, { username: "mallory-target", address: "10.0.1.1" }, at(10))).rejects.toThrow(
      /Too many failed sign-ins for 'mallory-target': try again in 5 min/,
    );
    await expect(
      reserveSignInAttempt(db, { username: "someone-else", address: "10.0.1.1" }, at(10)),
    ).resolves.toBeUndefined();
    await expect(
      reserveSignInAttempt(db, { username: "mallory-target", address: "10.0.1.2" }, at(16)),
    ).resolves.toBeUndefined();
    for (let i = 0; i < 3; i += 1) await reserveSignInAttempt(db, { username: "forgetful", address: "10.0.2.1" }, now);
    await clearSignInAttempt(db, { username: "forgetful", address: "10.0.2.1" });
    for (let i = 0; i < 5; i += 1) await reserveSignInAttempt(db, { username: "forgetful", address: "10.0.2.1" }, now);
  });

  it("refuses an address after twenty failed attempts whatever the usernames; other addresses go on", async () => {
    const { maxFailedSignInsPerAddress, reserveSignInAttempt } = await import("./sign-in-throttle");
    const now = new Date();
    for (let i = 0; i < maxFailedSignInsPerAddress; i += 1)
      await reserveSignInAttempt(db, { username: `spray-${i}`, address: "192.0.2.7" }, now);
    await expect(reserveSignInAttempt(db, { username: "spray-last", address: "192.0.2.7" }, now)).rejects.toThrow(
      /Too many failed sign-ins from 192.0.2.7: try again in 15 min/,
    );
    await expect(
      reserveSignInAttempt(db, { username: "spray-last", address: "192.0.2.8" }, now),
    ).resolves.toBeUndefined();
  });

  it("drops counts whose window has passed when someone signs in", async () => {
    const { clearSignInAttempt, reserveSignInAttempt } = await import("./sign-in-throttle");
    const now = new Date();
    await reserveSignInAttempt(
      db,
      { username: "guessed-name", address: "10.3.0.1" },
      new Date(now.getTime() - 20 * 60_000),
    );
    await clearSignInAttempt(db, { username: "someone", address: "10.3.0.2" }, now);
    expect(
      await db.prisma.signInThrottle.count({ where: { key: { in: ["user:guessed-name", "address:10.3.0.1"] } } }),
    ).toBe(0);
  });

  it("takes the client's address from the socket, and from X-Forwarded-For only behind trusted proxies", async () => {
    const { clientAddress } = await import("./client-address");
    const headers = { "x-stepscope-client-address": "10.1.1.1", "x-forwarded-for": "6.6.6.6, 203.0.113.9" } as Record<
      string,
      string
    >;
    const header = (name: string) => headers[name] ?? null;
    expect(clientAddress(header, 0)).toBe("10.1.1.1");
    expect(clientAddress(header, 1)).toBe("203.0.113.9");
    expect(clientAddress(header, 2)).toBe("6.6.6.6");
    expect(getAuthConfig({ STEPSCOPE_TRUSTED_PROXY_HOPS: "1" }).trustedProxyHops).toBe(1);
    expect(() => getAuthConfig({ STEPSCOPE_TRUSTED_PROXY_HOPS: "yes" })).toThrow(
      /STEPSCOPE_TRUSTED_PROXY_HOPS must be a whole number from 0 to 10, got 'yes'/,
    );
  });
});
