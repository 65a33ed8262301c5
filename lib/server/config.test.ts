import { describe, expect, it } from "vitest";
import { getServerConfig } from "./config";

const config = (vars: Record<string, string>, cpus: number) => getServerConfig(vars as NodeJS.ProcessEnv, cpus);

describe("the web server's settings", () => {
  it("starts one render worker per CPU but one (at least one) unless STEPSCOPE_RENDER_WORKERS says otherwise, 0 rendering in the primary process", () => {
    expect(config({}, 2).renderWorkers).toBe(1);
    expect(config({}, 1).renderWorkers).toBe(1);
    expect(config({ STEPSCOPE_RENDER_WORKERS: "" }, 8).renderWorkers).toBe(7);
    expect(config({ STEPSCOPE_RENDER_WORKERS: "1" }, 8).renderWorkers).toBe(1);
    expect(config({ STEPSCOPE_RENDER_WORKERS: "0" }, 8).renderWorkers).toBe(0);
  });

  it("refuses a render worker count that is not a whole number ≥ 0, naming the setting", () => {
    for (const bad of ["-1", "1.5", "two"])
      expect(() => config({ STEPSCOPE_RENDER_WORKERS: bad }, 2)).toThrow(
        `STEPSCOPE_RENDER_WORKERS: expected an integer ≥ 0 (0: render in the primary process), got '${bad}'`,
      );
  });

  it("serves page renders again unless STEPSCOPE_RENDER_CACHE is off, and refuses any other value, naming the setting", () => {
    expect(config({}, 2).renderCache).toBe(true);
    expect(config({ STEPSCOPE_RENDER_CACHE: "on" }, 2).renderCache).toBe(true);
    expect(config({ STEPSCOPE_RENDER_CACHE: "off" }, 2).renderCache).toBe(false);
    expect(() => config({ STEPSCOPE_RENDER_CACHE: "no" }, 2)).toThrow(
      "STEPSCOPE_RENDER_CACHE: expected on or off, got 'no'",
    );
  });
});
