import type { IncomingMessage, ServerResponse } from "node:http";
import pg from "pg";

/** Answers a request when it is the health check (returns true), else leaves it to Next.js (false). */
export type HealthAnswer = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * `GET /api/health` as the server answers it before Next.js routes the request: `SELECT 1` on
 * a connection of its own (never queued behind the pages' queries), then `{"ok": true}` — the
 * same answer as the route `app/api/health/route.ts` (kept for `next dev`). Through Next.js a
 * health check cost ~4 ms of CPU and several turns of the event loop, each queued behind the
 * pages being rendered; here it is one query and one write, so a busy server still answers it
 * at once. A database that does not answer is a 500 with the API's error body.
 */
export function createHealthAnswer(databaseUrl: string): HealthAnswer {
  let pool: pg.Pool | null = null;
  const send = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (req.url !== "/api/health" && !req.url?.startsWith("/api/health?")) return false;
    if (pool === null) {
      pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      // A connection lost while idle (a database restart) is replaced at the next check, never thrown.
      pool.on("error", (error) => console.error(`[db] health-check connection lost: ${error.message}`));
    }
    pool.query("SELECT 1").then(
      () => send(res, 200, { ok: true }),
      (error: unknown) => {
        console.error("health check: the database does not answer", error);
        send(res, 500, { error: { code: "internal_server_error", message: "Internal server error" } });
      },
    );
    return true;
  };
}
