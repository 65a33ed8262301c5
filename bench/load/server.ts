// The server under load in bench:load: accounts, sign-in, start and stop, health, CPU used.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** Where the server is, and how it is started. */
export interface ServerOptions {
  readonly root: string;
  readonly base: string;
  readonly port: number;
  readonly distDir: string;
  /** A folder for `node --cpu-prof`'s profile of the server. */
  readonly profile?: string | undefined;
}

export const ACCOUNTS = {
  viewer: { username: "bench-load-viewer", password: "bench load viewer password" },
  operator: { username: "bench-load-operator", password: "bench load operator password" },
} as const;

/** Creates (or resets the password of) an account through the CLI, as an admin would on the server. */
export function ensureAccount(root: string, databaseUrl: string, role: keyof typeof ACCOUNTS): void {
  const { username, password } = ACCOUNTS[role];
  const cli = (...argv: string[]) =>
    execFileSync(process.execPath, ["bin/stepscope.mjs", "users", ...argv], {
      cwd: root,
      input: `${password}\n`,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["pipe", "pipe", "pipe"],
    });
  try {
    cli("add", username, "--role", role);
  } catch {
    // Already there from an earlier run on a reused corpus: reset it, retried a few times (on a
    // loaded machine the reset's transaction can pass Prisma's 5-s limit).
    for (let attempt = 1; ; attempt++) {
      try {
        cli("set-role", username, role);
        cli("set-password", username);
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
      }
    }
  }
}

export async function signIn(base: string, role: keyof typeof ACCOUNTS): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify(ACCOUNTS[role]),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${role}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("stepscope_session="));
  if (!cookie) throw new Error(`sign-in as ${role}: no session cookie`);
  return cookie.split(";")[0]!;
}

export function startServer(options: ServerOptions, databaseUrl: string): ChildProcess {
  const { root, port, distDir } = options;
  const profile = options.profile ? ["--cpu-prof", "--cpu-prof-dir", resolve(options.profile)] : [];
  const child = spawn(process.execPath, [...profile, "bin/serve.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      STEPSCOPE_DEMO: "0",
      STEPSCOPE_DIST_DIR: distDir,
      NODE_ENV: "production",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const prefix = (s: Buffer) => process.stdout.write(s.toString().replace(/^(?=.)/gm, "  [server] "));
  child.stdout?.on("data", prefix);
  child.stderr?.on("data", prefix);
  return child;
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  child.kill("SIGTERM");
  // A server stuck in a runaway run ignores SIGTERM (issue 12): don't wait for ever.
  if (await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)])) return;
  console.log("server ignored SIGTERM for 15 s: SIGKILL");
  child.kill("SIGKILL");
  await exited;
}

export async function waitForHealth(base: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering`);
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await sleep(500);
  }
  throw new Error(`no answer from ${base}/api/health within ${timeoutMs / 1000} s`);
}

/**
 * CPU seconds (user + system) the server has used: the process `pid` and its render workers
 * (children running `render-worker.mjs`; not local runs' interpreter children), from /proc
 * (Linux); null elsewhere.
 */
export function cpuSeconds(pid: number | undefined): number | null {
  const own = processCpuSeconds(pid);
  if (own === null) return null;
  let children: string[] = [];
  try {
    children = readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean),
    );
  } catch {
    // No children listing (kernel without it): the process alone.
  }
  let total = own;
  for (const child of children) {
    try {
      if (!readFileSync(`/proc/${child}/cmdline`, "utf8").includes("render-worker")) continue;
    } catch {
      continue;
    }
    total += processCpuSeconds(Number(child)) ?? 0;
  }
  return total;
}

function processCpuSeconds(pid: number | undefined): number | null {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat, after the command name in parentheses; clock ticks of 1/100 s.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
