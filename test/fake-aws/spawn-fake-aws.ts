import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import { fakeStatsPath, type FakeStats } from "./fake-aws-server";
import type { FakeAwsProcessSpec } from "./fake-aws-process";

/** A fake AWS running in a child process. */
export interface SpawnedFakeAws {
  readonly url: string;
  readonly pid: number;
  /** Its calls so far, per operation and outcome. */
  stats(): Promise<FakeStats>;
  close(): Promise<void>;
}

/**
 * Starts `test/fake-aws/fake-aws-process.ts` with `spec` (through tsx, from the repository
 * root `cwd`) and resolves once it listens. The fake then uses a core of its own instead
 * of the caller's event loop, as AWS would.
 */
export async function spawnFakeAws(spec: FakeAwsProcessSpec, cwd = process.cwd()): Promise<SpawnedFakeAws> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", resolve(cwd, "test/fake-aws/fake-aws-process.ts"), JSON.stringify(spec)],
    {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NODE_NO_WARNINGS: "1" },
    },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      try {
        resolveUrl((JSON.parse(line) as { url: string }).url);
      } catch (error) {
        reject(error);
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`fake AWS exited (${String(code)}) before listening: ${stderr.trim()}`)),
    );
  });
  return {
    url,
    pid: child.pid!,
    stats: async () => (await (await fetch(`${url}${fakeStatsPath}`)).json()) as FakeStats,
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}
