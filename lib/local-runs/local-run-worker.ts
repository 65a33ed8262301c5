import { executeLocalJob, type LocalRunJob } from "./local-run-job";

/** A message from the run's child process. */
export type LocalRunWorkerMessage =
  | { readonly type: "started" }
  | { readonly type: "done"; readonly outcome: Awaited<ReturnType<typeof executeLocalJob>> }
  | { readonly type: "crashed"; readonly name: string; readonly message: string };

/** The child process's body (`bin/local-run-worker.mjs` loads it): waits for its job, runs it, posts how it ended, exits. */
export function main(): void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error("local-run-worker runs as a child process with an IPC channel");
  const post = (message: LocalRunWorkerMessage): Promise<void> => new Promise((resolve) => send(message, undefined, undefined, () => resolve()));
  // A spare whose parent went away (the server stopped) has nothing to do.
  process.once("disconnect", () => process.exit(0));
  process.once("message", (job: LocalRunJob) => {
    void (async () => {
      await post({ type: "started" });
      try {
        await post({ type: "done", outcome: await executeLocalJob(job) });
      } catch (err) {
        await post({ type: "crashed", name: err instanceof Error ? err.name : "Error", message: err instanceof Error ? err.message : String(err) });
      }
      process.disconnect();
    })();
  });
}
