/** Hosts an AWS source may name besides AWS's own and loopback: `STEPSCOPE_SOURCE_ENDPOINT_ALLOW`, comma-separated. */
export function readSourceEndpointAllowList(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return (env["STEPSCOPE_SOURCE_ENDPOINT_ALLOW"] ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}

// AWS's public endpoint domains: commercial and GovCloud, China, and the dual-stack `api.aws`.
const awsDomains = [".amazonaws.com", ".amazonaws.com.cn", ".api.aws"];
const loopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * Why an AWS source may not use `endpoint`, or null when it may. Sync calls carry the
 * chain's AWS credentials (signed requests, an assumed role's session), so the endpoint is
 * limited to: an `https` AWS endpoint of the source's `region` (`states.<region>.amazonaws.com`,
 * FIPS and VPC endpoint names included: the host must name the region), a loopback address
 * (a local fake or Step Functions Local), or a host (`host` or `host:port`) listed in `allow`.
 */
export function checkSourceEndpoint(endpoint: string, region: string | null, allow: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return `'${endpoint}' is not a URL`;
  }
  const host = url.hostname.toLowerCase();
  if (url.protocol !== "https:" && url.protocol !== "http:") return `'${endpoint}' must be an http(s) URL`;
  if (allow.includes(host) || allow.includes(url.host.toLowerCase())) return null;
  if (loopback.test(host)) return null;
  if (awsDomains.some((d) => host.endsWith(d))) {
    if (url.protocol !== "https:") return `'${endpoint}': AWS endpoints are https`;
    if (region !== null && !host.split(".").includes(region))
      return `'${endpoint}' is not an endpoint of the source's region ${region}`;
    return null;
  }
  return `'${endpoint}' is neither an AWS endpoint (https://…amazonaws.com, …amazonaws.com.cn, …api.aws) nor loopback; list its host in STEPSCOPE_SOURCE_ENDPOINT_ALLOW to allow it`;
}
