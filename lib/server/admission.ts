import type { IncomingMessage, ServerResponse } from "node:http";

/** Starts `serve` now or when a slot frees up; see {@link createAdmission}. */
export type Admit = (req: IncomingMessage, res: ServerResponse, serve: () => void) => void;

/**
 * Reads served without waiting for a slot: the build's static files (no rendering, no database)
 * and the CSV/JSON Lines export, a download that may stream for minutes under its own
 * backpressure (holding a slot all that time would shut the pages out). The health check never
 * reaches here (answered before).
 */
const UNQUEUED = [/^\/_next\/static\//, /^\/favicon\.ico(\?|$)/, /^\/api\/executions\/export(\?|$)/];

/**
 * At most `limit` reads (GET and HEAD) handed to Next.js at once; the others wait, first come first served,
 * until one of those ends (its response finished or its connection closed). Past the point where
 * the CPU is saturated more requests in progress only interleave their work on the one event loop:
 * each waits behind all the others' callbacks, so every answer comes late, the slowest very late,
 * and the health check queued behind them times out. Waiting here instead costs nothing (the
 * request is parsed, its handler not started), keeps the event loop's backlog to `limit`
 * requests' worth, and serves in arrival order, so the tail stays near the median. A client that
 * goes away while waiting leaves the queue. Writes (POST, PUT, DELETE) are few and never wait:
 * their bodies arrive at the client's pace (a slow upload must not hold a slot), and local runs,
 * replays and imports wait for their child process or worker thread, not for this event loop.
 */
export function createAdmission(
  limit: number,
): Admit & { readonly inFlight: () => number; readonly waiting: () => number } {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`admission limit: expected an integer ≥ 1, got ${limit}`);
  let inFlight = 0;
  const queue: Array<() => void> = [];
  const next = (): void => {
    inFlight -= 1;
    while (inFlight < limit && queue.length > 0) queue.shift()!();
  };
  const admit = (req: IncomingMessage, res: ServerResponse, serve: () => void): void => {
    const read = req.method === "GET" || req.method === "HEAD";
    if (!read || UNQUEUED.some((path) => path.test(req.url ?? ""))) return serve();
    let started = false;
    const start = (): void => {
      started = true;
      inFlight += 1;
      res.once("close", next);
      serve();
    };
    if (inFlight < limit) return start();
    queue.push(start);
    res.once("close", () => {
      if (started) return;
      const at = queue.indexOf(start);
      if (at >= 0) queue.splice(at, 1);
    });
  };
  return Object.assign(admit, { inFlight: () => inFlight, waiting: () => queue.length });
}
