import type { IncomingMessage, ServerResponse } from "node:http";
import next from "next";
import { requestAlertEvaluation } from "@/lib/alerts/alert-trigger";
import { locateBinFile } from "@/lib/ingest/locate-bin-file";
import { answerNoWorker, proxyToWorker } from "./proxy-to-worker";
import { startRenderWorkers } from "./render-workers";
import { withPageRenderCache } from "./page-render-cache";

/** What renders the pages and API: Next.js in this process, or render workers behind it. */
export interface Renderer {
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Process ids doing the rendering (this one, or the workers'). */
  pids(): number[];
  stop(): Promise<void>;
}

/** How long a request waits for a render worker while all of them are restarting, before a 503. */
const WAIT_FOR_WORKER_MS = 30_000;
/** How long a stopping worker may take to finish its requests before it is killed. */
const STOP_GRACE_MS = 12_000;

/**
 * `workers` render worker processes (`bin/render-worker.mjs`), each request passed to the one
 * answering the fewest; with 0, Next.js in this process (a render then shares this event loop
 * with the health check and the collectors: a long synchronous render delays them all).
 */
export async function startRenderer(options: {
  readonly dir: string;
  readonly hostname: string;
  readonly port: number;
  readonly workers: number;
  /** Page renders served again while their data holds (lib/server/render-cache.ts); the workers read it from their own settings. */
  readonly renderCache: boolean;
  /** The workers' script; default `bin/render-worker.mjs`. */
  readonly script?: string;
  readonly log: (message: string) => void;
}): Promise<Renderer> {
  if (options.workers === 0) {
    const app = next({ dev: false, dir: options.dir, hostname: options.hostname, port: options.port });
    await app.prepare();
    const handle = withPageRenderCache(app.getRequestHandler(), options.renderCache);
    return { handle: (req, res) => void handle(req, res), pids: () => [process.pid], stop: async () => {} };
  }
  const workers = await startRenderWorkers({
    script: options.script ?? locateBinFile(["render-worker", "mjs"].join(".")),
    count: options.workers,
    log: options.log,
    onMessage: (message) => {
      if ((message as { type?: unknown } | null)?.type === "evaluate-alerts") requestAlertEvaluation();
    },
  });
  return {
    handle: (req, res) =>
      void workers
        .pick(WAIT_FOR_WORKER_MS)
        .then((worker) => (worker === null ? answerNoWorker(res) : proxyToWorker(req, res, worker))),
    pids: () => workers.pids(),
    stop: () => workers.stop(STOP_GRACE_MS),
  };
}
