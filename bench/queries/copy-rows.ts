import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/** A value in COPY text format. */
export function copyValue(v: string | number | boolean | null): string {
  if (v === null) return "\\N";
  if (typeof v !== "string") return String(v);
  return v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** COPYs `lines` (already tab-separated, newline-ended) into `table (columns)`, ~1 MB a write, honouring backpressure. */
export async function copyLines(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  lines: Iterable<string>,
): Promise<number> {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(", ")}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
  });
  let buffer = "";
  let n = 0;
  for (const line of lines) {
    buffer += line;
    n++;
    if (buffer.length > 1_000_000) {
      if (!stream.write(buffer)) await new Promise((resolve) => stream.once("drain", resolve));
      buffer = "";
    }
  }
  stream.end(buffer);
  await done;
  return n;
}

/** One row as a COPY line. */
export const row = (...values: (string | number | boolean | null)[]) => `${values.map(copyValue).join("\t")}\n`;
