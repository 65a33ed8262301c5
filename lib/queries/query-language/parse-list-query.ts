import type { QueryNode } from "./query-ast";
import { parseQuery } from "./parse-query";
import { QuerySyntaxError } from "./query-syntax-error";

/** Characters only an expression has: text without them that does not parse is a plain search. */
const EXPRESSION_MARKS = /[=<>~()!"[\]]/;

/**
 * The list's `q`: a query expression, or — when it does not parse and has none of an
 * expression's operators, quotes or parentheses — plain text searched for in the error, cause
 * and root-cause state (what `q` meant before the query language, so old links still work).
 * Throws {@link QuerySyntaxError} for an expression that is wrong.
 */
export function parseListQuery(q: string): QueryNode {
  try {
    return parseQuery(q);
  } catch (error) {
    if (error instanceof QuerySyntaxError && !EXPRESSION_MARKS.test(q)) return { type: "text", text: q.trim() };
    throw error;
  }
}
