// /api/health sampled from a worker thread while bench:load runs.
import { Worker } from "node:worker_threads";

/**
 * Samples `/api/health` every `everyMs` from a worker thread (its own event loop, so the
 * load generator's work never delays a sample). Each sample is sent on time whether or not
 * the earlier ones were answered (a stalled server shows as many slow samples, not as a
 * gap); one with no answer in 10 s is abandoned and marked failed, as is one still
 * unanswered at the end (counted from when it was sent).
 */
export function startHealthSampler(
  url: string,
  everyMs: number,
): {
  stop(): Promise<{ ms: number[]; failed: number; why: Record<string, number> }>;
} {
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    const http = require("node:http");
    const ms = []; let failed = 0; const pending = new Set(); const why = {};
    const count = (k) => { why[k] = (why[k] || 0) + 1; };
    const sample = () => {
      const t = performance.now();
      pending.add(t);
      const finish = (ok, reason) => { if (!pending.delete(t)) return; ms.push(performance.now() - t); if (!ok) { failed++; count(reason); } };
      const req = http.get(workerData.url, { agent: false, timeout: 10000 }, (res) => {
        res.resume();
        res.on("end", () => finish(res.statusCode === 200, "HTTP " + res.statusCode));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (e) => finish(false, e.code || e.message));
    };
    const timer = setInterval(sample, workerData.everyMs);
    sample();
    parentPort.on("message", () => {
      clearInterval(timer);
      const now = performance.now();
      for (const t of pending) { ms.push(now - t); failed++; count("unanswered at the end"); }
      pending.clear();
      parentPort.postMessage({ ms, failed, why });
    });`;
  const worker = new Worker(code, { eval: true, workerData: { url, everyMs } });
  return {
    stop: () =>
      new Promise((done) => {
        worker.once(
          "message",
          (m: { ms: number[]; failed: number; why: Record<string, number> }) =>
            void worker.terminate().then(() => done(m)),
        );
        worker.postMessage("stop");
      }),
  };
}
