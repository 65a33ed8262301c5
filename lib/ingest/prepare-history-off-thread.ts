import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { HistoryInputError } from "@/lib/history/history-input-error";
import type { PreparedImport } from "./import-history-text";
import { locateBinFile } from "./locate-bin-file";
import { unpackExecution } from "./packed-execution";
import type { PrepareHistoryReply, PrepareHistoryRequest } from "./prepare-history-worker";

/** Heap of each preparing thread, in MB (`STEPSCOPE_IMPORT_MEMORY_MB`, default 1024): a 25,000-event file (AWS's limit) needs ~250 MB. */
function memoryMb(): number {
  const raw = process.env["STEPSCOPE_IMPORT_MEMORY_MB"];
  if (raw === undefined || raw.trim() === "") return 1024;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 64)
    throw new Error(`STEPSCOPE_IMPORT_MEMORY_MB must be a whole number of MB, at least 64, not ${JSON.stringify(raw)}`);
  return value;
}

/** At most two files are prepared at once (each can take a core for a second); the others wait. */
const poolSize = Math.max(1, Math.min(2, availableParallelism() - 1));

interface Job {
  readonly request: Omit<PrepareHistoryRequest, "id">;
  readonly resolve: (reply: PrepareHistoryReply) => void;
  readonly reject: (error: Error) => void;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly memoryMb: number;
  job: Job | null;
}

const idle: PoolWorker[] = [];
let live = 0;
const queue: Job[] = [];
let nextId = 1;

function startWorker(): PoolWorker {
  const limitMb = memoryMb();
  const worker = new Worker(locateBinFile(["prepare-history-worker", "mjs"].join(".")), {
    resourceLimits: { maxOldGenerationSizeMb: limitMb },
  });
  const entry: PoolWorker = { worker, memoryMb: limitMb, job: null };
  live++;
  worker.on("message", (reply: PrepareHistoryReply) => {
    const job = entry.job;
    entry.job = null;
    job?.resolve(reply);
    release(entry);
  });
  let failure: Error | null = null;
  worker.on("error", (err) => {
    failure = err;
  });
  worker.once("exit", (code) => {
    live--;
    const index = idle.indexOf(entry);
    if (index >= 0) idle.splice(index, 1);
    const job = entry.job;
    entry.job = null;
    if (job !== null) {
      const fileName = job.request.fileName;
      const outOfMemory = (failure as { code?: string } | null)?.code === "ERR_WORKER_OUT_OF_MEMORY";
      job.reject(
        outOfMemory
          ? new HistoryInputError(
              { file: fileName },
              `reading the file needs more than the import memory limit of ${entry.memoryMb} MB (STEPSCOPE_IMPORT_MEMORY_MB)`,
            )
          : new Error(
              `${fileName}: the import worker ended (${failure?.message ?? `exit code ${code}`}) before the file was read`,
            ),
      );
    }
    dispatch();
  });
  return entry;
}

function release(entry: PoolWorker): void {
  // An idle worker never keeps the process alive (the CLI, tests).
  entry.worker.unref();
  idle.push(entry);
  dispatch();
}

function dispatch(): void {
  while (queue.length > 0) {
    const entry = idle.pop() ?? (live < poolSize ? startWorker() : null);
    if (entry === null) return;
    const job = queue.shift()!;
    entry.job = job;
    entry.worker.ref();
    entry.worker.postMessage({ ...job.request, id: nextId++ } satisfies PrepareHistoryRequest);
  }
}

/**
 * `prepareHistoryText` in a worker thread (a pool of one or two, each with a heap limit of
 * `STEPSCOPE_IMPORT_MEMORY_MB`), so parsing and deriving a large file never blocks this
 * thread: the result crosses as JSON chunks unpacked one per turn of the event loop. Throws
 * what `prepareHistoryText` throws (a `HistoryInputError` naming the file and place), and a
 * `HistoryInputError` naming the file when it needs more memory than the limit.
 */
export async function prepareHistoryOffThread(
  input: string | Uint8Array,
  options: { fileName: string; executionArn?: string },
): Promise<PreparedImport> {
  const request = {
    input,
    fileName: options.fileName,
    ...(options.executionArn ? { executionArn: options.executionArn } : {}),
  };
  const reply = await new Promise<PrepareHistoryReply>((resolve, reject) => {
    queue.push({ request, resolve, reject });
    dispatch();
  });
  if (!reply.ok) {
    if (reply.location !== undefined && reply.problem !== undefined)
      throw new HistoryInputError(reply.location, reply.problem);
    const error = new Error(reply.message);
    error.name = reply.name;
    throw error;
  }
  const executions = [];
  for (const packed of reply.executions) executions.push(await unpackExecution(packed));
  return { fileName: options.fileName, executions };
}
