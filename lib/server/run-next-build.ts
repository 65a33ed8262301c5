import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { nextBuildPhaseOf, type NextBuildPhase } from "./next-build-phase";

/**
 * Runs `next build` in `dir` as a start's one-off build (`STEPSCOPE_START_BUILD=1`, read by
 * next.config.js: no type check, which CI and `npm test` do, and no Turbopack build cache, which
 * only a later `next build` would read), reporting each phase it enters. Its output is kept and, when the build fails, is the
 * error's message, so a failed first start shows why.
 */
export function runNextBuild(dir: string, onPhase: (phase: NextBuildPhase) => void): Promise<void> {
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const child = spawn(process.execPath, [nextBin, "build"], {
    cwd: dir,
    env: { ...process.env, STEPSCOPE_START_BUILD: "1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  let partial = "";
  const read = (chunk: Buffer) => {
    const lines = (partial + chunk.toString("utf8")).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      output.push(line);
      const phase = nextBuildPhaseOf(line);
      if (phase) onPhase(phase);
    }
  };
  child.stdout.on("data", read);
  child.stderr.on("data", read);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      if (partial) output.push(partial);
      if (code === 0) resolve();
      else reject(new Error(`next build failed (exit ${code}):\n${output.join("\n")}`));
    });
  });
}
