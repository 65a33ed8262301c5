// The files and processes of the embedded server's data folder: its paths, password, server.json,
// start lock and postmaster pid, and a free port.
import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";

/** What `server.json` in the data folder says about the running server. */
export interface ServerFile {
  readonly ownerPid: number;
  readonly postmasterPid: number;
  readonly port: number;
  readonly startedAt: string;
}

export type DataPaths = ReturnType<typeof dataPaths>;
export function dataPaths(dataDir: string) {
  return {
    dataDir,
    cluster: join(dataDir, "pgdata"),
    serverFile: join(dataDir, "server.json"),
    startLock: join(dataDir, "start.lock"),
    password: join(dataDir, "password"),
  };
}

export async function readOrCreatePassword(file: string): Promise<string> {
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing?.trim()) return existing.trim();
  const password = randomBytes(18).toString("base64url");
  // `wx`: two processes racing here must end up with the same password.
  await writeFile(file, password, { mode: 0o600, flag: "wx" }).catch(() => {});
  return (await readFile(file, "utf8")).trim();
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** `postmaster.pid`: line 1 the pid, line 4 the port (Postgres' own lock file). */
export async function readPostmasterPid(cluster: string): Promise<{ pid: number; port: number } | null> {
  const text = await readFile(join(cluster, "postmaster.pid"), "utf8").catch(() => null);
  if (!text) return null;
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return Number.isInteger(pid) && pid > 0 && Number.isInteger(port) ? { pid, port } : null;
}

/** The live server of this data folder, from `server.json`, or an orphaned postmaster (adopted). */
export async function findRunningServer(paths: DataPaths): Promise<ServerFile | null> {
  const postmaster = await readPostmasterPid(paths.cluster);
  if (!postmaster || !isAlive(postmaster.pid)) return null;
  const text = await readFile(paths.serverFile, "utf8").catch(() => null);
  const server = text ? (JSON.parse(text) as ServerFile) : null;
  if (server && server.postmasterPid === postmaster.pid) return server;
  // The postmaster outlived the process that started it (killed with SIGKILL): join it.
  const adopted: ServerFile = {
    ownerPid: 0,
    postmasterPid: postmaster.pid,
    port: postmaster.port,
    startedAt: new Date().toISOString(),
  };
  await writeServerFile(paths.serverFile, adopted);
  return adopted;
}

export async function writeServerFile(file: string, server: ServerFile): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(server, null, 2));
  await rename(tmp, file);
}

/** An exclusive-create lock file holding our pid; a lock whose pid is dead is removed. */
export async function tryLock(file: string): Promise<boolean> {
  try {
    const handle = await open(file, "wx");
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = Number(await readFile(file, "utf8").catch(() => ""));
    // An empty file is a lock being written right now; leave it.
    if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
      await unlink(file).catch(() => {});
    }
    return false;
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
