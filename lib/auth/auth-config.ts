import { isRole, type Role } from "./roles";

export interface AuthConfig {
  /** What a request without a session may do: read (viewer) or nothing (null). */
  readonly anonymousRole: Role | null;
  /** A header set by a trusted reverse proxy (oauth2-proxy, AWS ALB OIDC) naming the user; null: not trusted. */
  readonly proxyHeader: string | null;
  /** The role of a proxy-identified user who has no account here. */
  readonly proxyDefaultRole: Role;
  /** A session ends after this long without a request… */
  readonly sessionIdleMs: number;
  /** …and in any case this long after sign-in. */
  readonly sessionMaxMs: number;
  /** Reverse proxies in front whose `X-Forwarded-For` is trusted for the client's address (0: use the socket's). */
  readonly trustedProxyHops: number;
}

const loopbackHosts = new Set(["127.0.0.1", "::1", "localhost", "[::1]"]);

function hours(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback * 3_600_000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number of hours, got '${raw}'`);
  return value * 3_600_000;
}

function proxyHops(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 10)
    throw new Error(`STEPSCOPE_TRUSTED_PROXY_HOPS must be a whole number from 0 to 10, got '${raw}'`);
  return value;
}

/**
 * Reads the sign-in settings from the environment:
 * - `STEPSCOPE_ANONYMOUS_ROLE` = `viewer` | `none`. Default: `viewer` while the server
 *   listens on a loopback address only (`HOSTNAME` 127.0.0.1, the default), `none` otherwise.
 * - `STEPSCOPE_AUTH_PROXY_HEADER` (e.g. `x-forwarded-email`, `x-amzn-oidc-identity`) and
 *   `STEPSCOPE_AUTH_PROXY_ROLE` (default `viewer`).
 * - `STEPSCOPE_SESSION_IDLE_HOURS` (default 12) and `STEPSCOPE_SESSION_MAX_HOURS` (default 168).
 * - `STEPSCOPE_TRUSTED_PROXY_HOPS` (default 0): how many reverse proxies append to `X-Forwarded-For`.
 */
export function getAuthConfig(env: Readonly<Record<string, string | undefined>> = process.env): AuthConfig {
  const anonymous = env["STEPSCOPE_ANONYMOUS_ROLE"];
  let anonymousRole: Role | null;
  if (anonymous === undefined || anonymous === "") {
    anonymousRole = loopbackHosts.has(env["HOSTNAME"] ?? "127.0.0.1") ? "viewer" : null;
  } else if (anonymous === "none") {
    anonymousRole = null;
  } else if (anonymous === "viewer") {
    anonymousRole = "viewer";
  } else {
    throw new Error(`STEPSCOPE_ANONYMOUS_ROLE must be 'viewer' or 'none', got '${anonymous}'`);
  }
  const proxyRole = env["STEPSCOPE_AUTH_PROXY_ROLE"] || "viewer";
  if (!isRole(proxyRole))
    throw new Error(`STEPSCOPE_AUTH_PROXY_ROLE must be viewer, operator or admin, got '${proxyRole}'`);
  return {
    anonymousRole,
    proxyHeader: env["STEPSCOPE_AUTH_PROXY_HEADER"]?.trim().toLowerCase() || null,
    proxyDefaultRole: proxyRole,
    sessionIdleMs: hours(env, "STEPSCOPE_SESSION_IDLE_HOURS", 12),
    sessionMaxMs: hours(env, "STEPSCOPE_SESSION_MAX_HOURS", 168),
    trustedProxyHops: proxyHops(env["STEPSCOPE_TRUSTED_PROXY_HOPS"]),
  };
}
