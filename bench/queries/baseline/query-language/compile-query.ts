// Baseline for bench/queries/query-language.ts: lib/queries/query-language/compile-query.ts as of commit 76022fd (main
// before q16: number ranges always probed per execution, payload equality rechecked by path), kept so one bench run
// times the previous and the current compiler side by side. Not used by the app. One change: the fields added since
// (version, alias) throw.
import { Prisma } from "@/lib/db/generated/client";
import type { QueryFieldRef, QueryNode, QueryValue } from "@/lib/queries/query-language/query-ast";
import { dateOfValue, isDateOnly } from "@/lib/queries/query-language/check-query-value";
import type { FieldName } from "@/lib/queries/query-language/query-fields";

/** A query as SQL conditions on `executions e`, every value a bound parameter. */
export interface CompiledQuery {
  /** The executions that match. A payload condition that could not be decided counts as no match. */
  readonly where: Prisma.Sql;
  /**
   * The executions whose match could not be decided (a payload kept on its top level only, or
   * truncated, under a path the query needs), or null when the query reads no payload.
   */
  readonly undecided: Prisma.Sql | null;
  /**
   * The query searches text (`~`, a quoted text) or compares a payload path other than by `=`:
   * no index answers its count, so the list may estimate the count from a sample.
   */
  readonly searchesText: boolean;
  /**
   * The query compares a payload number by range: the list walks its order probing each row's
   * number, a walk the planner may share among parallel workers that cost more to start than
   * the walk (read it without them).
   */
  readonly rangesNumbers: boolean;
}

const DAY = 86_400_000;
/** State runs whose state ended in an error, caught or not (`failedState`). */
const FAILED_RUN = Prisma.sql`r.status IN ('FAILED', 'TIMED_OUT', 'CAUGHT')`;

/** `%text%` for ILIKE, whose escape character (the backslash) makes `%`, `_` and `\` match themselves. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, "\\$&")}%`;

/** A text column of `executions e` (null when absent). */
const textColumns: Partial<Record<FieldName, Prisma.Sql>> = {
  name: Prisma.sql`e.name`,
  account: Prisma.sql`e.account_id`,
  region: Prisma.sql`e.region`,
  error: Prisma.sql`e.error`,
  cause: Prisma.sql`e.cause`,
  rootCauseState: Prisma.sql`e.root_cause_state`,
};

const or = (parts: Prisma.Sql[]) => Prisma.sql`(${Prisma.join(parts, " OR ")})`;
const stringOf = (v: QueryValue) => (v.type === "string" ? v.value : "");

/**
 * Compiles a parsed query (see `parseQuery`) to SQL on `executions e`. Every condition is
 * two-valued (never SQL NULL), so `NOT` means "does not match". `now` anchors `now-24h`.
 */
export function compileQuery(node: QueryNode, now: Date): CompiledQuery {
  let readsPayload = false;
  let searchesText = false;
  let rangesNumbers = false;

  /** `assume`: what a payload condition that cannot be decided counts as. */
  function compile(n: QueryNode, assume: boolean): Prisma.Sql {
    switch (n.type) {
      case "and":
      case "or":
        return Prisma.sql`(${compile(n.left, assume)} ${Prisma.raw(n.type === "and" ? "AND" : "OR")} ${compile(n.right, assume)})`;
      case "not":
        // NOT turns "assume it matched" into "assume it did not".
        return Prisma.sql`(NOT ${compile(n.operand, !assume)})`;
      case "text": {
        searchesText = true;
        const p = containsPattern(n.text);
        return or(
          [Prisma.sql`e.error`, Prisma.sql`e.cause`, Prisma.sql`e.root_cause_state`].map(
            (col) => Prisma.sql`(${col} IS NOT NULL AND ${col} ILIKE ${p})`,
          ),
        );
      }
      case "compare": {
        const op = n.op;
        // `a != b` is `NOT (a = b)`: an execution without the field matches it.
        if (op === "!=") return Prisma.sql`(NOT ${compile({ ...n, op: "=" }, !assume)})`;
        // `=` on a payload path has an index (containment), and so has a number's range (the
        // numbers table); `~` and a text's range read every candidate row.
        if (op === "~" || (n.field.type === "payload" && op !== "=" && n.value.type !== "number")) searchesText = true;
        if (n.field.type === "payload" && op !== "=" && op !== "~" && n.value.type === "number") rangesNumbers = true;
        return atom(n.field, assume, (sql) => sql.compare(op, n.value));
      }
      case "in":
        return atom(n.field, assume, (sql) => or(n.values.map((v) => sql.compare("=", v))));
      case "exists":
        if (n.field.type === "payload") searchesText = true;
        return atom(n.field, assume, (sql) => sql.exists());
      default: {
        const never: never = n;
        throw new Error(`unknown node ${JSON.stringify(never)}`);
      }
    }
  }

  function atom(field: QueryFieldRef, assume: boolean, build: (sql: FieldSql) => Prisma.Sql): Prisma.Sql {
    if (field.type === "field") return build(fieldSql(field.name, now));
    readsPayload = true;
    const { decided, sql } = payloadSql(field);
    const condition = build(sql);
    // A payload condition holds only where its path is present in the document, and a document
    // kept on its top level only has top-level paths alone: a match is always decided. So "assume
    // no match" is the condition alone, which its index can answer without reading the row.
    return assume ? Prisma.sql`(NOT ${decided} OR ${condition})` : condition;
  }

  const where = compile(node, false);
  const undecided = readsPayload
    ? Prisma.sql`((e.input_query_partial OR e.output_query_partial) AND ${compile(node, true)} AND NOT ${where})`
    : null;
  return { where, undecided, searchesText, rangesNumbers };
}

interface FieldSql {
  compare(op: "=" | ">" | ">=" | "<" | "<=" | "~", value: QueryValue): Prisma.Sql;
  exists(): Prisma.Sql;
}

function fieldSql(name: FieldName, now: Date): FieldSql {
  switch (name) {
    case "status":
    case "type": {
      const [col, type] = name === "status" ? ["e.status", "execution_status"] : ["e.type", "workflow_type"];
      return {
        compare: (_op, v) => Prisma.sql`${Prisma.raw(col)} = CAST(${stringOf(v).toUpperCase()} AS ${Prisma.raw(type)})`,
        exists: () => Prisma.sql`TRUE`,
      };
    }
    case "stateMachine":
      return {
        compare: (op, v) =>
          op === "~"
            ? Prisma.sql`e.state_machine_id IN (SELECT id FROM state_machines WHERE name ILIKE ${containsPattern(stringOf(v))})`
            : Prisma.sql`e.state_machine_id IN (SELECT id FROM state_machines WHERE name = ${stringOf(v)} OR arn = ${stringOf(v)})`,
        exists: () => Prisma.sql`TRUE`,
      };
    case "source":
      return {
        compare: (op, v) =>
          op === "~"
            ? Prisma.sql`e.source_id IN (SELECT id FROM sources WHERE name ILIKE ${containsPattern(stringOf(v))})`
            : Prisma.sql`e.source_id IN (SELECT id FROM sources WHERE name = ${stringOf(v)})`,
        exists: () => Prisma.sql`TRUE`,
      };
    case "state":
    case "failedState": {
      const failed = name === "failedState" ? Prisma.sql`AND ${FAILED_RUN}` : Prisma.empty;
      const run = (match: Prisma.Sql) =>
        Prisma.sql`EXISTS (SELECT 1 FROM state_runs r WHERE r.execution_id = e.id AND ${match} ${failed})`;
      return {
        compare: (op, v) =>
          run(
            op === "~" ? Prisma.sql`r.name ILIKE ${containsPattern(stringOf(v))}` : Prisma.sql`r.name = ${stringOf(v)}`,
          ),
        exists: () => run(Prisma.sql`TRUE`),
      };
    }
    case "startDate":
    case "stopDate":
      return dateSql(Prisma.raw(name === "startDate" ? "e.start_date" : "e.stop_date"), now);
    case "duration":
      return orderedSql(
        Prisma.sql`e.duration_ms`,
        (v) =>
          Prisma.sql`CAST(${Math.round(v.type === "duration" ? v.ms : v.type === "number" ? v.value : 0)} AS bigint)`,
      );
    case "redriveCount":
      return orderedSql(
        Prisma.sql`e.redrive_count`,
        (v) => Prisma.sql`CAST(${v.type === "number" ? v.value : 0} AS integer)`,
      );
    case "name":
    case "account":
    case "region":
    case "error":
    case "cause":
    case "rootCauseState": {
      const col = textColumns[name]!;
      return {
        compare: (op, v) =>
          Prisma.sql`(${col} IS NOT NULL AND ${col} ${op === "~" ? Prisma.sql`ILIKE ${containsPattern(stringOf(v))}` : Prisma.sql`= ${stringOf(v)}`})`,
        exists: () => Prisma.sql`${col} IS NOT NULL`,
      };
    }
    case "version":
    case "alias":
      throw new Error(`${name} came after the baseline`);
    default: {
      const never: never = name;
      throw new Error(`unknown field ${String(never)}`);
    }
  }
}

/** Comparisons on a nullable ordered column; null never matches. */
function orderedSql(col: Prisma.Sql, valueOf: (v: QueryValue) => Prisma.Sql): FieldSql {
  return {
    compare: (op, v) => Prisma.sql`(${col} IS NOT NULL AND ${col} ${Prisma.raw(op)} ${valueOf(v)})`,
    exists: () => Prisma.sql`${col} IS NOT NULL`,
  };
}

/** A date without a time is its whole UTC day: `=` that day, `>` after it, `<=` up to its end. */
function dateSql(col: Prisma.Sql, now: Date): FieldSql {
  const guard = (cond: Prisma.Sql) => Prisma.sql`(${col} IS NOT NULL AND ${cond})`;
  return {
    compare: (op, v) => {
      const at = dateOfValue(v, now)!;
      if (!isDateOnly(v)) return guard(Prisma.sql`${col} ${Prisma.raw(op === "~" ? "=" : op)} ${at}`);
      const end = new Date(at.getTime() + DAY);
      switch (op) {
        case "=":
        case "~":
          return guard(Prisma.sql`${col} >= ${at} AND ${col} < ${end}`);
        case ">":
          return guard(Prisma.sql`${col} >= ${end}`);
        case ">=":
          return guard(Prisma.sql`${col} >= ${at}`);
        case "<":
          return guard(Prisma.sql`${col} < ${at}`);
        case "<=":
          return guard(Prisma.sql`${col} < ${end}`);
        default: {
          const never: never = op;
          throw new Error(`unknown operator ${String(never)}`);
        }
      }
    },
    exists: () => Prisma.sql`${col} IS NOT NULL`,
  };
}

/**
 * SQL for a path into `input_query`/`output_query`, and when its answer is decided: always for
 * a payload kept whole; for one kept on its top level only, when the path is one key present there.
 */
function payloadSql(field: Extract<QueryFieldRef, { type: "payload" }>): { decided: Prisma.Sql; sql: FieldSql } {
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
  // the GIN index answers it, the exact path check follows.
  const contained = (value: unknown) =>
    JSON.stringify(
      field.path.reduceRight<unknown>((inner, key) => (typeof key === "number" ? [inner] : { [key]: inner }), value),
    );
  return {
    decided,
    sql: {
      compare: (op, v) => {
        switch (op) {
          case "=":
            return Prisma.sql`(${doc} IS NOT NULL AND ${doc} @> CAST(${contained(json(v))} AS jsonb) AND ${at} IS NOT DISTINCT FROM CAST(${JSON.stringify(json(v))} AS jsonb))`;
          case "~":
            return Prisma.sql`COALESCE((${doc} #>> ${path}) ILIKE ${containsPattern(stringOf(v))}, false)`;
          default: {
            // A number compares with numbers, a text with texts (by code point: ISO dates order as times).
            // Numbers from `execution_payload_numbers` (every number of the document at its `#>`
            // path, kept by a trigger): a range on one path is one range of its index.
            const cmp = Prisma.raw(op);
            return v.type === "number"
              ? Prisma.sql`EXISTS (SELECT 1 FROM execution_payload_numbers pn WHERE pn.execution_id = e.id AND pn.root = ${field.root} AND pn.path = ${path} AND pn.value ${cmp} CAST(${String(v.value)} AS numeric))`
              : Prisma.sql`(CASE WHEN jsonb_typeof(${at}) = 'string' THEN (${doc} #>> ${path}) COLLATE "C" ${cmp} ${stringOf(v)} ELSE false END)`;
          }
        }
      },
      exists: () => Prisma.sql`(${at} IS NOT NULL)`,
    },
  };
}
