import { Prisma } from "@/lib/db/generated/client";
import type { QueryFieldRef, QueryValue } from "./query-ast";

/** SQL for one field's comparisons (`compare`) and presence (`exists`), on `executions e`. */
export interface FieldSql {
  compare(op: "=" | ">" | ">=" | "<" | "<=" | "~", value: QueryValue): Prisma.Sql;
  exists(): Prisma.Sql;
}

/** `%text%` for ILIKE, whose escape character (the backslash) makes `%`, `_` and `\` match themselves. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, "\\$&")}%`;

export const stringOf = (v: QueryValue) => (v.type === "string" ? v.value : "");

/** A range on one payload path's numbers: its key, and the executions' ids it selects from `execution_payload_numbers`. */
export interface NumberRange {
  /** Names the range among a query's (root, path, operator, value). */
  readonly key: string;
  /** `SELECT pn.execution_id FROM execution_payload_numbers pn WHERE …` (one range of its index). */
  readonly ids: Prisma.Sql;
  /** The range as a condition on `execution_payload_numbers pn` (at most one entry per execution). */
  readonly entries: Prisma.Sql;
}

/** How number ranges compile: `small` holds the keys of ranges known to match few entries. */
export interface NumberRanges {
  readonly small: ReadonlySet<string>;
  /** Called with every number range compiled. */
  readonly seen: (range: NumberRange) => void;
}

/**
 * SQL for a path into `input_query`/`output_query`, and when its answer is decided: always for
 * a payload kept whole; for one kept on its top level only, when the path is one key present there.
 */
export function payloadSql(
  field: Extract<QueryFieldRef, { type: "payload" }>,
  ranges: NumberRanges,
): { decided: Prisma.Sql; sql: FieldSql } {
  const doc = Prisma.raw(field.root === "input" ? "e.input_query" : "e.output_query");
  const partial = Prisma.raw(field.root === "input" ? "e.input_query_partial" : "e.output_query_partial");
  const [first] = field.path;
  const decided =
    field.path.length === 1 && typeof first === "string"
      ? Prisma.sql`(NOT ${partial} OR (${doc} -> ${first}) IS NOT NULL)`
      : Prisma.sql`(NOT ${partial})`;
  const path = Prisma.sql`ARRAY[${Prisma.join(field.path.map((s) => String(s)))}]::text[]`;
  const at = Prisma.sql`(${doc} #> ${path})`;
  const json = (v: QueryValue): unknown =>
    v.type === "null" ? null : v.type === "string" || v.type === "number" || v.type === "boolean" ? v.value : null;
  // The containment document of `path = value` ({"order":{"id":"o-1"}}; an index becomes an array):
  // the GIN index answers it. Through object keys alone, containment of a scalar is that path's
  // equality (nested, an array contains no bare scalar: `{"a":["x"]} @> {"a":"x"}` is false), so
  // no re-check of the row follows; an array index (`items[0]`) contains at any position, so
  // the exact path check follows.
  const keysOnly = field.path.length > 0 && field.path.every((s) => typeof s === "string");
  const contained = (value: unknown) =>
    JSON.stringify(
      field.path.reduceRight<unknown>((inner, key) => (typeof key === "number" ? [inner] : { [key]: inner }), value),
    );
  return {
    decided,
    sql: {
      compare: (op, v) => {
        switch (op) {
          case "=": {
            const contains = Prisma.sql`${doc} IS NOT NULL AND ${doc} @> CAST(${contained(json(v))} AS jsonb)`;
            return keysOnly
              ? Prisma.sql`(${contains})`
              : Prisma.sql`(${contains} AND ${at} IS NOT DISTINCT FROM CAST(${JSON.stringify(json(v))} AS jsonb))`;
          }
          case "~":
            return Prisma.sql`COALESCE((${doc} #>> ${path}) ILIKE ${containsPattern(stringOf(v))}, false)`;
          default: {
            // A number compares with numbers, a text with texts (by code point: ISO dates order as times).
            // Numbers from `execution_payload_numbers` (every number of the document at its `#>`
            // path, kept by a trigger): a range on one path is one range of its index.
            const cmp = Prisma.raw(op);
            if (v.type !== "number")
              return Prisma.sql`(CASE WHEN jsonb_typeof(${at}) = 'string' THEN (${doc} #>> ${path}) COLLATE "C" ${cmp} ${stringOf(v)} ELSE false END)`;
            const key = JSON.stringify([field.root, field.path, op, v.value]);
            const value = Prisma.sql`pn.root = ${field.root} AND pn.path = ${path} AND pn.value ${cmp} CAST(${String(v.value)} AS numeric)`;
            ranges.seen({
              key,
              ids: Prisma.sql`SELECT pn.execution_id FROM execution_payload_numbers pn WHERE ${value}`,
              entries: value,
            });
            // A range known to match few numbers: its ids first (one range of the index), then those
            // executions. OFFSET 0 keeps the planner from turning it back into a probe per execution
            // walked in the list's order, which it prices low and which took ~25x as long for a 1 %
            // range (5,300 probes of the (execution_id, root, path) index vs 2,036 primary-key reads).
            // Otherwise (most executions match) the walk finds a page after a few probes.
            // Both read an execution by its id and start date (the partition key of both tables), so
            // each probe reads one month's partition, not every month's.
            return ranges.small.has(key)
              ? Prisma.sql`(e.id, e.start_date) IN (SELECT pn.execution_id, pn.start_date FROM execution_payload_numbers pn WHERE ${value} OFFSET 0)`
              : Prisma.sql`EXISTS (SELECT 1 FROM execution_payload_numbers pn WHERE pn.execution_id = e.id AND pn.start_date = e.start_date AND ${value})`;
          }
        }
      },
      exists: () => Prisma.sql`(${at} IS NOT NULL)`,
    },
  };
}
