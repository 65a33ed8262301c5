import type { Database } from "../../lib/db/database";
import { exportExecutions } from "../../lib/queries/execution-export";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";

/**
 * A whole CSV export of the corpus (what GET /api/executions/export?format=csv streams, the
 * response's consumer here counting bytes), and one of a query's matches: wall time, rows/s, and
 * the heap still in use after a collection every 20 chunks (bounded: one batch at a time, whatever
 * the total; run with `NODE_OPTIONS=--expose-gc`, else the heap's growth including garbage).
 */
export async function timeExport(db: Database, now: Date, log: (line: string) => void): Promise<void> {
  log("| export (CSV) | rows | MB | seconds | rows/s | heap kept, max MB |");
  log("| --- | --- | --- | --- | --- | --- |");
  for (const q of [undefined, "input.order.amount > 500"]) {
    const params = parseExecutionListParams(q === undefined ? {} : { q });
    globalThis.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    let peak = 0;
    let chunks = 0;
    let bytes = 0;
    let lines = -1; // the header
    const t = performance.now();
    for await (const chunk of exportExecutions(db.prisma, params, "csv", { now })) {
      bytes += Buffer.byteLength(chunk);
      for (let i = chunk.indexOf("\r\n"); i !== -1; i = chunk.indexOf("\r\n", i + 2)) lines++;
      if (++chunks % 20 !== 0 && globalThis.gc) continue;
      globalThis.gc?.();
      peak = Math.max(peak, process.memoryUsage().heapUsed - heap0);
    }
    const s = (performance.now() - t) / 1000;
    log(
      `| ${q === undefined ? "every execution" : `\`q=${q}\``} | ${lines.toLocaleString("en")} | ${(bytes / 1e6).toFixed(1)} | ${s.toFixed(1)} | ${Math.round(lines / s).toLocaleString("en")} | ${(peak / 1e6).toFixed(1)} |`,
    );
  }
}
