import { availableParallelism } from "node:os";

/** Settings of the web server, read from the environment here and nowhere else in lib/server. */
export interface ServerConfig {
  /** `PORT`, default 3000. */
  readonly port: number;
  /** `HOSTNAME`, default `127.0.0.1` (loopback: put a proxy in front to expose it). */
  readonly hostname: string;
  /** `STEPSCOPE_MAX_UPLOAD_MB`, default 32: larger uploads are refused with 413. */
  readonly maxUploadBytes: number;
  /** `STEPSCOPE_DEMO`: `0` never seeds the demo source; default seeds it on a first start. */
  readonly seedDemo: boolean;
  /** `STEPSCOPE_DIST_DIR`, default `.next`: the Next.js build folder (next.config.js reads the same). */
  readonly distDir: string;
  /** `STEPSCOPE_MAX_CONCURRENT_REQUESTS`, default 4 per CPU: requests rendered at once; the rest wait their turn (see lib/server/admission.ts). */
  readonly maxConcurrentRequests: number;
  /**
   * `STEPSCOPE_RENDER_WORKERS`, default one per CPU but one (at least one): processes rendering
   * the pages and API (Next.js), behind the primary process, which answers `/api/health`
   * itself and runs the collectors; `0` renders in the primary process (one process, as
   * before). One CPU is left to the primary, Postgres and the interpreter's runs: on 2 CPUs,
   * `bench:load` answered half as many requests with two workers as with one (each worker
   * keeps its own read cache and warms its own code, and they took the CPU Postgres needed).
   */
  readonly renderWorkers: number;
  /**
   * `STEPSCOPE_RENDER_CACHE`, `on` (default) or `off`: a page render served again to the same
   * viewer while the data it read is unchanged, 5 s at most (see lib/server/render-cache.ts).
   */
  readonly renderCache: boolean;
}

export function getServerConfig(env: NodeJS.ProcessEnv = process.env, cpus = availableParallelism()): ServerConfig {
  const mb = Number(env["STEPSCOPE_MAX_UPLOAD_MB"] ?? 32);
  const concurrent = env["STEPSCOPE_MAX_CONCURRENT_REQUESTS"];
  const maxConcurrentRequests = concurrent === undefined || concurrent === "" ? 4 * cpus : Number(concurrent);
  if (!Number.isInteger(maxConcurrentRequests) || maxConcurrentRequests < 1)
    throw new Error(`STEPSCOPE_MAX_CONCURRENT_REQUESTS: expected an integer ≥ 1, got '${concurrent}'`);
  const workersText = env["STEPSCOPE_RENDER_WORKERS"];
  const renderWorkers = workersText === undefined || workersText === "" ? Math.max(1, cpus - 1) : Number(workersText);
  if (!Number.isInteger(renderWorkers) || renderWorkers < 0)
    throw new Error(
      `STEPSCOPE_RENDER_WORKERS: expected an integer ≥ 0 (0: render in the primary process), got '${workersText}'`,
    );
  const renderCacheText = env["STEPSCOPE_RENDER_CACHE"] || "on";
  if (renderCacheText !== "on" && renderCacheText !== "off")
    throw new Error(`STEPSCOPE_RENDER_CACHE: expected on or off, got '${renderCacheText}'`);
  return {
    port: Number(env["PORT"] || 3000),
    hostname: env["HOSTNAME"] || "127.0.0.1",
    maxUploadBytes: (Number.isFinite(mb) && mb > 0 ? mb : 32) * 1024 * 1024,
    seedDemo: env["STEPSCOPE_DEMO"] !== "0",
    distDir: env["STEPSCOPE_DIST_DIR"] || ".next",
    maxConcurrentRequests,
    renderWorkers,
    renderCache: renderCacheText === "on",
  };
}
