/** Settings of `npm run worker`. The only place in lib/worker that reads the environment. */
export interface WorkerConfig {
  /** `STEPSCOPE_WORKER_CONCURRENCY`: jobs at once, default 16. */
  readonly concurrency: number;
}

export function getWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const concurrency = Number(env["STEPSCOPE_WORKER_CONCURRENCY"] ?? "");
  return { concurrency: Number.isInteger(concurrency) && concurrency > 0 ? concurrency : 16 };
}
