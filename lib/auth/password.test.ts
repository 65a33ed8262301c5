import { describe, expect, it } from "vitest";
import { hashPassword, noPasswordHash, passwordProblem, verifyPassword } from "./password";

describe("passwords", () => {
  it("stores scrypt with its parameters and a random salt, and verifies only the same password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("correct");
    await expect(verifyPassword("correct horse battery", a)).resolves.toBe(true);
    await expect(verifyPassword("correct horse batterY", a)).resolves.toBe(false);
    await expect(verifyPassword("", a)).resolves.toBe(false);
  });

  it("never matches the proxy-only marker or a malformed hash", async () => {
    await expect(verifyPassword("!", noPasswordHash)).resolves.toBe(false);
    await expect(verifyPassword("x", "md5$abc")).resolves.toBe(false);
  });

  it("refuses short and absurdly long passwords with the rule", () => {
    expect(passwordProblem("short")).toBe("must be at least 10 characters");
    expect(passwordProblem("x".repeat(1025))).toBe("must be at most 1024 characters");
    expect(passwordProblem("long enough pass")).toBeNull();
  });
});
