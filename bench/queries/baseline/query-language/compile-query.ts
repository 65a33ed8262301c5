// Baseline for bench/queries/query-language.ts: lib/queries/query-language/compile-query.ts as of main at 887374b (before session 9), so one
// bench run times the previous and the current list side by side. Not used by the app.
import { Prisma } from "@/lib/db/generated/client";
import type { QueryFieldRef, QueryNode, QueryValue } from "@/lib/queries/query-language/query-ast";
import { dateOfValue, isDateOnly } from "@/lib/queries/query-language/check-query-value";
import type { FieldName } from "@/lib/queries/query-language/query-fields";
import { aliasNameSql, hasAliasSql, hasVersionSql, versionNumberSql } from "@/lib/queries/query-language/qualifier-sql";
import { containsPattern, payloadSql, stringOf, type FieldSql, type NumberRange } from "./payload-sql";

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
   * The query compares a payload number by range probed per execution (not read from its ids
   * first): the list walks its order probing each row's number, a walk the planner may share
   * among parallel workers that cost more to start than the walk (read it without them).
   */
  readonly rangesNumbers: boolean;
  /**
   * The key of the query's range when the whole query is one range on a payload number
   * (`input.order.amount > 990`): its executions are its index entries (one number per path
   * and execution), so counting those counts the matches. Null otherwise.
   */
  readonly onlyRange: string | null;
  /**
   * When the whole query is `state = X` or `failedState = X`: the matching executions' ids, each
   * once, from the state runs' `(name, execution_id)` index alone, so the list counts its matches
   * there instead of probing the state runs of each execution. Null otherwise.
   */
  readonly stateIds: Prisma.Sql | null;
  /**
   * Its ranges on payload numbers: compiled again with `smallRanges` naming those that match
   * few numbers (`findSmallRanges`), each reads its ids from the index first.
   */
  readonly numberRanges: readonly NumberRange[];
}

const DAY = 86_400_000;
/** State runs whose state ended in an error, caught or not (`failedState`). */
const FAILED_RUN = Prisma.sql`r.status IN ('FAILED', 'TIMED_OUT', 'CAUGHT')`;

/** A text column of `executions e` (null when absent). */
const textColumns: Partial<Record<FieldName, Prisma.Sql>> = {
  name: Prisma.sql`e.name`,
  account: Prisma.sql`e.account_id`,
  region: Prisma.sql`e.region`,
  error: Prisma.sql`e.error`,
  cause: Prisma.sql`e.cause`,
  rootCauseState: Prisma.sql`e.root_cause_state`,
};

const stateFields = new Set<FieldName>(["state", "failedState"]);

const or = (parts: Prisma.Sql[]) => Prisma.sql`(${Prisma.join(parts, " OR ")})`;

/**
 * Compiles a parsed query (see `parseQuery`) to SQL on `executions e`. Every condition is
 * two-valued (never SQL NULL), so `NOT` means "does not match". `now` anchors `now-24h`.
 */
export function compileQuery(
  node: QueryNode,
  now: Date,
  opts: { readonly smallRanges?: ReadonlySet<string> } = {},
): CompiledQuery {
  const numberRanges = new Map<string, NumberRange>();
  const ranges = { small: opts.smallRanges ?? new Set<string>(), seen: (r: NumberRange) => numberRanges.set(r.key, r) };
  let readsPayload = false;
  let searchesText = false;

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
    const { decided, sql } = payloadSql(field, ranges);
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
  const keys = [...numberRanges.keys()];
  const lone = node.type === "compare" && node.field.type === "payload" && keys.length === 1;
  return {
    where,
    undecided,
    searchesText,
    rangesNumbers: keys.some((k) => !ranges.small.has(k)),
    onlyRange: lone ? keys[0]! : null,
    stateIds:
      node.type === "compare" && node.op === "=" && node.field.type === "field" && stateFields.has(node.field.name)
        ? Prisma.sql`SELECT DISTINCT r.execution_id FROM state_runs r WHERE r.name = ${stringOf(node.value)} ${
            node.field.name === "failedState" ? Prisma.sql`AND ${FAILED_RUN}` : Prisma.empty
          }`
        : null,
    numberRanges: [...numberRanges.values()],
  };
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
    case "version":
      // The partial index's predicate first, then its expression (see qualifier-sql.ts).
      return orderedSql(
        versionNumberSql("e"),
        (v) => Prisma.sql`CAST(${v.type === "number" ? v.value : 0} AS integer)`,
        hasVersionSql("e"),
      );
    case "alias": {
      const named = aliasNameSql("e");
      return {
        compare: (op, v) => {
          const text = stringOf(v);
          if (op === "~") return Prisma.sql`(${hasAliasSql("e")} AND ${named} ILIKE ${containsPattern(text)})`;
          // An ARN is its alias name (the index) and the whole ARN.
          if (op === "=" && text.startsWith("arn:"))
            return Prisma.sql`(${hasAliasSql("e")} AND ${named} = ${text.split(":").slice(7).join(":")} AND e.state_machine_alias_arn = ${text})`;
          return Prisma.sql`(${hasAliasSql("e")} AND ${named} ${textOrder(op)} ${text})`;
        },
        exists: () => Prisma.sql`${hasAliasSql("e")}`,
      };
    }
    case "name":
    case "account":
    case "region":
    case "error":
    case "cause":
    case "rootCauseState": {
      const col = textColumns[name]!;
      return {
        compare: (op, v) =>
          Prisma.sql`(${col} IS NOT NULL AND ${col} ${op === "~" ? Prisma.sql`ILIKE ${containsPattern(stringOf(v))}` : Prisma.sql`${textOrder(op)} ${stringOf(v)}`})`,
        exists: () => Prisma.sql`${col} IS NOT NULL`,
      };
    }
    default: {
      const never: never = name;
      throw new Error(`unknown field ${String(never)}`);
    }
  }
}

/**
 * `=` as it is; a range of texts in code-point order (`COLLATE "C"`, as payload texts compare):
 * the same order whatever the database's locale, and ISO dates in text order as times.
 */
const textOrder = (op: "=" | ">" | ">=" | "<" | "<="): Prisma.Sql =>
  op === "=" ? Prisma.raw("=") : Prisma.raw(`COLLATE "C" ${op}`);

/** Comparisons on a nullable ordered column (`present`: when it is not null); null never matches. */
function orderedSql(
  col: Prisma.Sql,
  valueOf: (v: QueryValue) => Prisma.Sql,
  present: Prisma.Sql = Prisma.sql`${col} IS NOT NULL`,
): FieldSql {
  return {
    compare: (op, v) => Prisma.sql`(${present} AND ${col} ${Prisma.raw(op)} ${valueOf(v)})`,
    exists: () => present,
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
