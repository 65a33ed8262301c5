import { getPriority } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { forkChild, runNiceness } from "./local-run-children";

let child: ChildProcess | null = null;
afterEach(() => {
  child?.kill("SIGKILL");
  child = null;
  delete process.env["STEPSCOPE_RUN_NICENESS"];
});

describe("a run's child process is scheduled below the server", () => {
  it("starts the child 10 below this process by default, or by STEPSCOPE_RUN_NICENESS", () => {
    const own = getPriority();
    child = forkChild(64);
    expect(getPriority(child.pid!)).toBe(Math.min(19, own + 10));
    child.kill("SIGKILL");
    process.env["STEPSCOPE_RUN_NICENESS"] = "3";
    child = forkChild(64);
    expect(getPriority(child.pid!)).toBe(Math.min(19, own + 3));
  });

  it("refuses a niceness outside 0–19, naming the setting", () => {
    expect(runNiceness({})).toBe(10);
    expect(runNiceness({ STEPSCOPE_RUN_NICENESS: "0" })).toBe(0);
    for (const bad of ["-1", "20", "1.5", "high"])
      expect(() => runNiceness({ STEPSCOPE_RUN_NICENESS: bad })).toThrow(
        `STEPSCOPE_RUN_NICENESS: expected an integer from 0 to 19, got '${bad}'`,
      );
  });
});
