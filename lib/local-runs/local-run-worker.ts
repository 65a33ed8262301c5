import { parentPort, workerData } from "node:worker_threads";
import { executeLocalJob, type LocalRunJob } from "./local-run-job";

/** A message from the run's worker thread. */
export type LocalRunWorkerMessage =
  | { readonly type: "started" }
  | { readonly type: "done"; readonly outcome: Awaited<ReturnType<typeof executeLocalJob>> }
  | { readonly type: "crashed"; readonly name: string; readonly message: string };

/** The worker thread's body (`bin/local-run-worker.mjs` loads it): runs `workerData`'s job and posts how it ended. */
export async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("local-run-worker runs in a worker thread");
  const post = (message: LocalRunWorkerMessage): void => port.postMessage(message);
  post({ type: "started" });
  try {
    post({ type: "done", outcome: await executeLocalJob(workerData as LocalRunJob) });
  } catch (err) {
    post({ type: "crashed", name: err instanceof Error ? err.name : "Error", message: err instanceof Error ? err.message : String(err) });
  }
}
