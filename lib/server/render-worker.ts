import { createServer, request } from "node:http";
import next from "next";
import { setProcessAlertTrigger } from "@/lib/alerts/alert-trigger";
import { getServerConfig } from "./config";
import { withPageRenderCache } from "./page-render-cache";

/**
 * A render worker (`bin/render-worker.mjs`, forked by the server's primary process, see
 * `render-workers.ts`): Next.js alone, serving what the primary passes it on the Unix socket
 * `STEPSCOPE_RENDER_SOCKET`. The database is the primary's (`DATABASE_URL` was set before the
 * fork; sessions and everything else live there), the collectors, scheduler and alerts run in
 * the primary. SIGTERM: stops taking connections, finishes the requests it has, exits.
 */
export async function runRenderWorker(): Promise<void> {
  const socketPath = process.env["STEPSCOPE_RENDER_SOCKET"];
  if (!socketPath) throw new Error("STEPSCOPE_RENDER_SOCKET: the primary names the socket a render worker listens on");
  const config = getServerConfig();
  const app = next({ dev: false, dir: process.cwd(), hostname: config.hostname, port: config.port });
  await app.prepare();
  const handle = withPageRenderCache(app.getRequestHandler(), config.renderCache);
  // An import or sync finished here asks the primary, which runs the alert rules, for an evaluation.
  setProcessAlertTrigger({ request: () => process.send?.({ type: "evaluate-alerts" }), stop: () => {} });
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  // One request before taking any: it opens this process's database pool (and checks the
  // migrations) and loads the route code, which a first visitor would otherwise wait for.
  await warmUp(socketPath).catch((error: unknown) =>
    console.error(`stepscope: render worker warm-up: ${String(error)}`),
  );
  process.send?.({ type: "ready" });
  const stop = (): void => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // Requests still going after 10 s (a stream, a stuck render) are cut: the primary's own grace then ends with SIGKILL.
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  // The primary gone (killed): nothing can reach this worker any more.
  process.once("disconnect", stop);
}

/** `GET /api/health` through this worker's own Next.js (the primary answers the public one itself). */
function warmUp(socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: "/api/health", headers: { host: "localhost" } }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`answered ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end();
  });
}
