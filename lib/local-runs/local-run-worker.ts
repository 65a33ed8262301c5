import { writeSync } from "node:fs";
import type { ExecutionResult } from "@/lib/asl/execute-state-machine";
import type { AslHistoryEvent } from "@/lib/asl/types";
import { packChunks, packExecution, type PackedExecution } from "@/lib/ingest/packed-execution";
import { prepareLocalRun } from "@/lib/ingest/prepare-local-run";
import { runInteractiveChild } from "./interactive-run-child";
import type { ForRun, InteractiveRunRequest, ToInteractiveChild } from "./interactive-run-messages";
import { executeLocalJob, type LocalRunJob } from "./local-run-job";
import { runReplay, type ReplayMessage, type ReplayRequest } from "./replay-child";

/** What the run's child process is sent: its job, and under which names it will be stored (then it also prepares the store's rows). */
export interface LocalRunWorkerRequest {
  readonly job: LocalRunJob;
  readonly prepareAs?: { readonly stateMachineName: string; readonly name: string };
}

/** A message from the run's child process. The events travel as chunks of UTF-8 JSON (see `PackedExecution`): with advanced serialization, bytes cost the receiver a copy; objects or strings, a rebuild (~250 ms for 25,000 events). */
export type LocalRunWorkerMessage =
  /** Loaded and listening (a runner pool hands its next execution to a ready runner first). */
  | { readonly type: "ready" }
  | { readonly type: "started" }
  | {
      readonly type: "done";
      readonly result: Omit<ExecutionResult, "events">;
      readonly events: readonly Uint8Array[];
      readonly unresolvedTasks: readonly string[];
    }
  | { readonly type: "prepared"; readonly prepared: PackedExecution }
  | { readonly type: "unprepared"; readonly message: string }
  | { readonly type: "crashed"; readonly name: string; readonly message: string };

/** The child's end of the pipe its events are written to as they happen (`stdio[4]` of the fork). */
export const progressFd = 4;
/** Past this many bytes of events only `{"entered": {name, id}}` is written for each state entered: the state that runs is still known. */
export const progressFullBytes = 32 * 1024 * 1024;

/** Lines held back at most before they are written (the lines of a `*StateEntered` event are written at once). */
const progressBatchBytes = 64 * 1024;

/** Writes `bytes` to the progress pipe synchronously (a full non-blocking pipe: waits a moment for the parent to read); false once the pipe is gone. */
function writeProgressSync(bytes: Buffer): boolean {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(progressFd, bytes, offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EAGAIN") return false;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
  return true;
}

/**
 * Writes the events to the parent as JSON lines as they are recorded, synchronously, each
 * `*StateEntered` at once with those before it (others in batches of up to 64 KiB): a run whose
 * event loop then blocks, or whose heap runs out, has told its parent every state it entered,
 * up to the one it is stuck in, which the parent keeps when it kills the run at a limit. The
 * pipe coalesces the writes, so the parent reads a few large chunks however many events there are.
 * `firstLine` (a batch child's `{"replay": id}`) is written before the first event: the parent
 * keeps only the lines after the marker of the replay it killed.
 */
export function progressWriter(firstLine?: string): (event: AslHistoryEvent) => void {
  let written = 0;
  let open = true;
  let pending = firstLine === undefined ? "" : `${firstLine}\n`;
  const flush = (): void => {
    const bytes = Buffer.from(pending, "utf8");
    pending = "";
    open = open && writeProgressSync(bytes);
    written += bytes.length;
  };
  if (pending !== "") flush();
  return (event) => {
    if (!open) return;
    const entered = event.type.endsWith("StateEntered");
    if (written + pending.length < progressFullBytes) pending += `${JSON.stringify(event)}\n`;
    else if (entered)
      pending += `${JSON.stringify({ entered: { name: event["stateEnteredEventDetails"]?.["name"], id: event.id } })}\n`;
    if (entered || pending.length >= progressBatchBytes) flush();
  };
}

/** The child process's body (`bin/local-run-worker.mjs` loads it): waits for its job, runs it, posts how it ended (and the prepared history), exits; an interactive run (the Step Functions endpoint's) talks with this process while it runs, and the process then waits for the next one; so does a batch child after each replay (`ReplayPool`). */
export function main(): void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error("local-run-worker runs as a child process with an IPC channel");
  const post = (message: LocalRunWorkerMessage | ReplayMessage): Promise<void> =>
    new Promise((resolve) => send(message, undefined, undefined, () => resolve()));
  // A spare whose parent went away (the server stopped) has nothing to do.
  process.once("disconnect", () => process.exit(0));
  // An interactive runner hosts several executions at once, and one after another (see RunnerPool):
  // each message names its run; one for a run that has ended (a late answer) goes to nothing.
  const runs = new Map<number, (message: ToInteractiveChild) => void>();
  let busy = false;
  const onMessage = (
    request: LocalRunWorkerRequest | InteractiveRunRequest | ForRun<ToInteractiveChild> | ReplayRequest,
  ): void => {
    if ("type" in request) {
      // A batch child (ReplayPool) runs one replay after another; the parent sends the next when one ends.
      if (request.type === "replay") {
        void runReplay(request, (message: ReplayMessage) => post(message), progressWriter);
        return;
      }
      if (request.type !== "interactive") return runs.get(request.run)?.(request);
      const { run } = request;
      void runInteractiveChild(
        request,
        (message) => new Promise((resolve) => send({ ...message, run }, undefined, undefined, () => resolve())),
        (listener) => {
          runs.set(run, listener);
        },
      ).finally(() => runs.delete(run));
      return;
    }
    if (busy || runs.size > 0) return;
    busy = true;
    process.off("message", onMessage);
    const { job, prepareAs } = request;
    void (async () => {
      await post({ type: "started" });
      try {
        const { result, unresolvedTasks } = await executeLocalJob(job, { onEvent: progressWriter() });
        const { events, ...rest } = result;
        await post({ type: "done", result: rest, events: packChunks(events), unresolvedTasks });
        if (prepareAs !== undefined) {
          // Parsing and deriving 25,000 events takes the best part of a second: here, not in the server's thread.
          try {
            await post({
              type: "prepared",
              prepared: packExecution(
                prepareLocalRun(result, job.definition, prepareAs.stateMachineName, prepareAs.name),
              ),
            });
          } catch (err) {
            await post({ type: "unprepared", message: err instanceof Error ? err.message : String(err) });
          }
        }
      } catch (err) {
        await post({
          type: "crashed",
          name: err instanceof Error ? err.name : "Error",
          message: err instanceof Error ? err.message : String(err),
        });
      }
      process.disconnect();
    })();
  };
  process.on("message", onMessage);
  void post({ type: "ready" });
}
