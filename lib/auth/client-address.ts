/**
 * The header `lib/server/serve.ts` sets on every request to the socket's peer address
 * (replacing any value a client sent), so route handlers can tell clients apart.
 */
export const clientAddressHeader = "x-stepscope-client-address";

/**
 * The client's address: the socket's peer, or, behind `trustedProxyHops` reverse proxies
 * (`STEPSCOPE_TRUSTED_PROXY_HOPS`), the `X-Forwarded-For` entry the outermost trusted proxy
 * added (counted from the right; entries further left are whatever the client wrote).
 */
export function clientAddress(header: (name: string) => string | null, trustedProxyHops: number): string {
  const peer = header(clientAddressHeader)?.trim() || "unknown";
  if (trustedProxyHops <= 0) return peer;
  const forwarded = (header("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded[forwarded.length - trustedProxyHops] ?? forwarded[0] ?? peer;
}
