import { parentPort } from "node:worker_threads";
import { HistoryInputError } from "@/lib/history/history-input-error";
import type { InputLocation } from "@/lib/history/types";
import { prepareHistoryText } from "./import-history-text";
import { packedBuffers, packExecution, type PackedExecution } from "./packed-execution";

/** A file to prepare, as the server's thread posts it. */
export interface PrepareHistoryRequest {
  readonly id: number;
  readonly input: string | Uint8Array;
  readonly fileName: string;
  readonly executionArn?: string;
}

/** How preparing a file ended: its executions packed (see `PackedExecution`), or the refusal. */
export type PrepareHistoryReply =
  | { readonly id: number; readonly ok: true; readonly executions: readonly PackedExecution[] }
  | {
      readonly id: number;
      readonly ok: false;
      readonly name: string;
      readonly message: string;
      readonly location?: InputLocation;
      readonly problem?: string;
    };

/** The worker thread's body (`bin/prepare-history-worker.mjs` loads it): prepares each file it is posted, one at a time. */
export function main(): void {
  const port = parentPort;
  if (port === null) throw new Error("prepare-history-worker runs as a worker thread");
  port.on("message", (request: PrepareHistoryRequest) => {
    let reply: PrepareHistoryReply;
    try {
      const prepared = prepareHistoryText(request.input, {
        fileName: request.fileName,
        ...(request.executionArn === undefined ? {} : { executionArn: request.executionArn }),
      });
      reply = { id: request.id, ok: true, executions: prepared.executions.map(packExecution) };
    } catch (err) {
      reply =
        err instanceof HistoryInputError
          ? {
              id: request.id,
              ok: false,
              name: err.name,
              message: err.message,
              location: err.location,
              problem: err.problem,
            }
          : {
              id: request.id,
              ok: false,
              name: err instanceof Error ? err.name : "Error",
              message: err instanceof Error ? err.message : String(err),
            };
    }
    // The chunks' buffers move to the server's thread instead of being copied.
    port.postMessage(reply, reply.ok ? reply.executions.flatMap(packedBuffers) : []);
  });
}
