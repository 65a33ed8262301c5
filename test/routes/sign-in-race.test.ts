import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/login/route";
import { createUser } from "@/lib/auth/users";
import { createTestDatabase, type TestDatabase } from "../db";

// The real sign-in route on real Postgres, hit by concurrent wrong passwords: the throttle
// must count atomically, so exactly its limit reaches the password check.

let db: TestDatabase;
const origin = "http://127.0.0.1:3000";

beforeAll(async () => {
  db = await createTestDatabase();
  process.env["DATABASE_URL"] = db.url;
  await createUser(db.prisma, { username: "target", password: "the right password", role: "viewer" });
});
afterAll(async () => {
  await db.drop();
});

function signIn(username: string, password: string, address: string): Promise<Response> {
  const req = new NextRequest(`${origin}/api/auth/login`, {
    method: "POST",
    headers: {
      host: "127.0.0.1:3000",
      origin,
      "content-type": "application/json",
      "x-stepscope-client-address": address,
    },
    body: JSON.stringify({ username, password }),
  });
  return POST(req, { params: Promise.resolve({}) });
}

const statuses = async (responses: Promise<Response>[]) => {
  const counts: Record<number, number> = {};
  for (const res of await Promise.all(responses)) counts[res.status] = (counts[res.status] ?? 0) + 1;
  return counts;
};

describe("sign-in throttle under concurrency", () => {
  it("20 concurrent wrong passwords for one username: exactly 5 reach the password check (401), 15 are refused (429)", async () => {
    const seen = await statuses(Array.from({ length: 20 }, (_, i) => signIn("target", `wrong ${i}`, `10.9.0.${i}`)));
    expect(seen).toEqual({ 401: 5, 429: 15 });
    expect(
      await db.prisma.auditLog.count({ where: { action: "auth.sign-in", targetId: "target", outcome: "DENIED" } }),
    ).toBe(5);
    // The right password is refused too until the window passes: the limit is on attempts.
    expect((await signIn("target", "the right password", "10.9.1.1")).status).toBe(429);
  });

  it("30 concurrent wrong passwords from one address for different usernames: exactly 20 reach the password check", async () => {
    const seen = await statuses(Array.from({ length: 30 }, (_, i) => signIn(`nobody-${i}`, "wrong", "198.51.100.4")));
    expect(seen).toEqual({ 401: 20, 429: 10 });
    const other = await signIn("nobody-else", "wrong", "198.51.100.5");
    expect(other.status).toBe(401);
  });
});
