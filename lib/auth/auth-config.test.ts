import { describe, expect, it } from "vitest";
import { getAuthConfig } from "./auth-config";

describe("getAuthConfig", () => {
  it("lets anonymous visitors read only while the server listens on loopback", () => {
    expect(getAuthConfig({}).anonymousRole).toBe("viewer");
    expect(getAuthConfig({ HOSTNAME: "127.0.0.1" }).anonymousRole).toBe("viewer");
    expect(getAuthConfig({ HOSTNAME: "0.0.0.0" }).anonymousRole).toBeNull();
    expect(getAuthConfig({ HOSTNAME: "0.0.0.0", STEPSCOPE_ANONYMOUS_ROLE: "viewer" }).anonymousRole).toBe("viewer");
    expect(getAuthConfig({ STEPSCOPE_ANONYMOUS_ROLE: "none" }).anonymousRole).toBeNull();
  });

  it("never lets anonymous visitors act: only viewer or none are accepted", () => {
    expect(() => getAuthConfig({ STEPSCOPE_ANONYMOUS_ROLE: "operator" })).toThrow(
      /STEPSCOPE_ANONYMOUS_ROLE must be 'viewer' or 'none', got 'operator'/,
    );
  });

  it("reads the proxy header (lower-cased), its default role and session lifetimes", () => {
    const config = getAuthConfig({
      STEPSCOPE_AUTH_PROXY_HEADER: "X-Forwarded-Email",
      STEPSCOPE_AUTH_PROXY_ROLE: "operator",
      STEPSCOPE_SESSION_IDLE_HOURS: "2",
    });
    expect(config).toMatchObject({
      proxyHeader: "x-forwarded-email",
      proxyDefaultRole: "operator",
      sessionIdleMs: 7_200_000,
      sessionMaxMs: 168 * 3_600_000,
    });
    expect(() => getAuthConfig({ STEPSCOPE_SESSION_MAX_HOURS: "-1" })).toThrow(
      /STEPSCOPE_SESSION_MAX_HOURS must be a positive number of hours, got '-1'/,
    );
    expect(() => getAuthConfig({ STEPSCOPE_AUTH_PROXY_ROLE: "root" })).toThrow(/STEPSCOPE_AUTH_PROXY_ROLE/);
  });
});
