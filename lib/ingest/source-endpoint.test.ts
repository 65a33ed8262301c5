import { describe, expect, it } from "vitest";
import { checkSourceEndpoint, readSourceEndpointAllowList } from "./source-endpoint";

describe("an AWS source's endpoint", () => {
  it("may be an https AWS endpoint of the source's region, FIPS, VPC, China and dual-stack names included", () => {
    for (const endpoint of [
      "https://states.us-east-1.amazonaws.com",
      "https://states-fips.us-east-1.amazonaws.com",
      "https://vpce-0a1b2c3d-abcdefgh.states.us-east-1.vpce.amazonaws.com",
      "https://logs.us-east-1.api.aws",
    ]) {
      expect(checkSourceEndpoint(endpoint, "us-east-1", []), endpoint).toBeNull();
    }
    expect(checkSourceEndpoint("https://states.cn-north-1.amazonaws.com.cn", "cn-north-1", [])).toBeNull();
  });

  it("may be loopback, for a local fake or Step Functions Local", () => {
    for (const endpoint of ["http://127.0.0.1:9", "http://localhost:8083", "http://[::1]:4566"]) {
      expect(checkSourceEndpoint(endpoint, "us-east-1", []), endpoint).toBeNull();
    }
  });

  it("may not be any other host, plain http to AWS, or another region's endpoint", () => {
    expect(checkSourceEndpoint("http://169.254.169.254/latest", "us-east-1", [])).toMatch(
      /neither an AWS endpoint .* nor loopback; list its host in STEPSCOPE_SOURCE_ENDPOINT_ALLOW/,
    );
    expect(checkSourceEndpoint("https://amazonaws.com.evil.example", "us-east-1", [])).toMatch(
      /neither an AWS endpoint/,
    );
    expect(checkSourceEndpoint("https://evilamazonaws.com", "us-east-1", [])).toMatch(/neither an AWS endpoint/);
    expect(checkSourceEndpoint("http://states.us-east-1.amazonaws.com", "us-east-1", [])).toMatch(
      /AWS endpoints are https/,
    );
    expect(checkSourceEndpoint("https://states.eu-west-1.amazonaws.com", "us-east-1", [])).toMatch(
      /not an endpoint of the source's region us-east-1/,
    );
    expect(checkSourceEndpoint("ftp://127.0.0.1", "us-east-1", [])).toMatch(/must be an http\(s\) URL/);
  });

  it("may be a host listed in STEPSCOPE_SOURCE_ENDPOINT_ALLOW (by host, or host and port)", () => {
    const allow = readSourceEndpointAllowList({
      STEPSCOPE_SOURCE_ENDPOINT_ALLOW: " localstack.internal , proxy.corp:8443",
    });
    expect(allow).toEqual(["localstack.internal", "proxy.corp:8443"]);
    expect(checkSourceEndpoint("http://localstack.internal:4566", "us-east-1", allow)).toBeNull();
    expect(checkSourceEndpoint("https://proxy.corp:8443", "us-east-1", allow)).toBeNull();
    expect(checkSourceEndpoint("https://proxy.corp:9443", "us-east-1", allow)).toMatch(/neither an AWS endpoint/);
  });
});
