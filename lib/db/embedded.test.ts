import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDatabase } from "./embedded";

const folders: string[] = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "stepscope-embedded-"));
  await chmod(dir, 0o755);
  folders.push(dir);
  return join(dir, "postgres");
}
afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>("SELECT 1 AS one")).rows[0]!.one;
  } finally {
    await client.end();
  }
}

/** A pid that is certainly dead: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid!;
}

describe("ensureDatabase", () => {
  it("keeps the exit code of a process that started the server and ends on its own (vitest's 1 for a failed test)", async () => {
    const dir = await dataDir();
    // The process sets its code, stops the server and lets the event loop run dry, as vitest's run does.
    const probe = join(dir, "..", "probe.mts");
    await writeFile(
      probe,
      `const { ensureDatabase } = await import(${JSON.stringify(join(__dirname, "embedded.ts"))});
       const db = await ensureDatabase({ dataDir: ${JSON.stringify(dir)}, database: "postgres" });
       process.exitCode = 3;
       await db.stop();`,
    );
    const child = spawn(process.execPath, ["--import", "tsx", probe], {
      cwd: join(__dirname, "../.."),
      stdio: "ignore",
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(3);
  }, 120_000);

  it("uses the given databaseUrl and starts nothing", async () => {
    const db = await ensureDatabase({ dataDir: "/nonexistent", databaseUrl: "postgresql://u:p@localhost:1/x" });
    expect(db).toMatchObject({ url: "postgresql://u:p@localhost:1/x", owned: false });
  });

  it("starts one server that a second caller joins, and reuses the cluster after a restart", async () => {
    const dir = await dataDir();
    const owner = await ensureDatabase({ dataDir: dir });
    expect(owner.owned).toBe(true);
    expect(await selectOne(owner.url)).toBe(1);
    const server = JSON.parse(await readFile(join(dir, "server.json"), "utf8"));
    expect(server.ownerPid).toBe(process.pid);

    const joiner = await ensureDatabase({ dataDir: dir });
    expect(joiner).toMatchObject({ url: owner.url, owned: false });
    await joiner.stop(); // not the owner: the server keeps running
    expect(await selectOne(owner.url)).toBe(1);

    const client = new pg.Client({ connectionString: owner.url });
    await client.connect();
    await client.query("CREATE TABLE kept (id int)");
    await client.end();
    await owner.stop();

    const restarted = await ensureDatabase({ dataDir: dir });
    expect(restarted.owned).toBe(true);
    const again = new pg.Client({ connectionString: restarted.url });
    await again.connect();
    expect((await again.query("SELECT to_regclass('kept') IS NOT NULL AS kept")).rows[0].kept).toBe(true);
    await again.end();
    await restarted.stop();
  });

  it("recovers a start lock left by a process that died", async () => {
    const dir = await dataDir();
    const first = await ensureDatabase({ dataDir: dir });
    await first.stop();
    await writeFile(join(dir, "start.lock"), String(await deadPid()));
    const db = await ensureDatabase({ dataDir: dir, startTimeoutMs: 10_000 });
    expect(db.owned).toBe(true);
    expect(await selectOne(db.url)).toBe(1);
    await db.stop();
  });

  it("starts the server once when two callers need it at the same time", async () => {
    const dir = await dataDir();
    const [a, b] = await Promise.all([ensureDatabase({ dataDir: dir }), ensureDatabase({ dataDir: dir })]);
    expect([a.owned, b.owned].sort()).toEqual([false, true]);
    expect(a.url).toBe(b.url);
    await Promise.all([a.stop(), b.stop()]);
  });
});
