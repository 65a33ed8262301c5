import { describe, expect, it } from "vitest";
import { getSfnEndpointConfig } from "./sfn-endpoint-config";
import { isLoopbackHost } from "./sfn-endpoint-server";

describe("getSfnEndpointConfig", () => {
  it("is off without STEPSCOPE_SFN_PORT, and on loopback with real time by default when set", () => {
    expect(getSfnEndpointConfig({})).toBeNull();
    expect(getSfnEndpointConfig({ STEPSCOPE_SFN_PORT: "8083" })).toEqual({
      port: 8083,
      host: "127.0.0.1",
      allowRemote: false,
      timeScale: 1,
      mockConfigFile: undefined,
      taskHandlersFile: undefined,
      maxRunning: 8,
      spareRunners: 2,
      executionsPerRunner: 4,
      region: "us-east-1",
      accountId: "123456789012",
    });
  });

  it("refuses bad values naming the variable", () => {
    expect(() => getSfnEndpointConfig({ STEPSCOPE_SFN_PORT: "80x" })).toThrow(/STEPSCOPE_SFN_PORT/);
    expect(() => getSfnEndpointConfig({ STEPSCOPE_SFN_PORT: "1", STEPSCOPE_SFN_TIME_SCALE: "0" })).toThrow(
      /STEPSCOPE_SFN_TIME_SCALE/,
    );
    expect(() => getSfnEndpointConfig({ STEPSCOPE_SFN_PORT: "1", STEPSCOPE_SFN_ACCOUNT_ID: "12" })).toThrow(
      /STEPSCOPE_SFN_ACCOUNT_ID/,
    );
    expect(() => getSfnEndpointConfig({ STEPSCOPE_SFN_PORT: "1", STEPSCOPE_SFN_MAX_RUNNING: "0" })).toThrow(
      /STEPSCOPE_SFN_MAX_RUNNING/,
    );
    expect(getSfnEndpointConfig({ STEPSCOPE_SFN_PORT: "1", STEPSCOPE_SFN_SPARE_RUNNERS: "0" })?.spareRunners).toBe(0);
    expect(() => getSfnEndpointConfig({ STEPSCOPE_SFN_PORT: "1", STEPSCOPE_SFN_EXECUTIONS_PER_RUNNER: "0" })).toThrow(
      /STEPSCOPE_SFN_EXECUTIONS_PER_RUNNER/,
    );
  });

  it("counts only loopback addresses as loopback", () => {
    expect(["127.0.0.1", "127.1.2.3", "::1", "localhost"].every(isLoopbackHost)).toBe(true);
    expect(["0.0.0.0", "10.0.0.1", "::", "example.com"].some(isLoopbackHost)).toBe(false);
  });
});
