/** Settings of `npm run worker`. The only place in lib/worker that reads the environment. */
export interface WorkerConfig {
  /** `STEPSCOPE_WORKER_CONCURRENCY`: jobs at once, default 16. */
  readonly concurrency: number;
  /**
   * `STEPSCOPE_WORKER_STALE_JOB_SECONDS`: an execution job locked this long whose execution
   * nobody holds belongs to a worker that died; its jobs are released. Default 120.
   */
  readonly staleJobSeconds: number;
}

export function getWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const concurrency = Number(env["STEPSCOPE_WORKER_CONCURRENCY"] ?? "");
  const stale = Number(env["STEPSCOPE_WORKER_STALE_JOB_SECONDS"] ?? "");
  return {
    concurrency: Number.isInteger(concurrency) && concurrency > 0 ? concurrency : 16,
    staleJobSeconds: Number.isFinite(stale) && stale > 0 ? stale : 120,
  };
}
