import type { QueryFieldRef, QueryNode, QueryValue } from "./query-ast";
import { getQueryField, operatorsOf, payloadRoots, queryFields, type Operator, type PayloadRoot } from "./query-fields";
import { QuerySyntaxError } from "./query-syntax-error";
import { tokenizeQuery, type Token } from "./tokenize-query";
import { checkValue } from "./check-query-value";

/** The longest expression accepted (characters). */
export const MAX_QUERY_LENGTH = 2000;
/** The deepest nesting of parentheses and NOTs accepted (a guard for the recursion). */
const MAX_DEPTH = 50;

const KEYWORDS = new Set(["AND", "OR", "NOT", "IN", "EXISTS", "TRUE", "FALSE", "NULL"]);

/**
 * Parses a query expression (grammar in the README) into a tree, checking each field's
 * operators and values; throws {@link QuerySyntaxError} naming the column where it is wrong.
 * Precedence, loosest first: `OR`, `AND`, `NOT`; parentheses group.
 */
export function parseQuery(text: string): QueryNode {
  if (text.length > MAX_QUERY_LENGTH)
    throw new QuerySyntaxError(MAX_QUERY_LENGTH + 1, `the expression is longer than ${MAX_QUERY_LENGTH} characters`);
  const tokens = tokenizeQuery(text);
  let at = 0;
  let depth = 0;
  const peek = (): Token => tokens[at]!;
  const next = (): Token => tokens[at++]!;
  const isKeyword = (t: Token, word: string) => t.type === "ident" && t.text.toUpperCase() === word;
  const describe = (t: Token): string => {
    switch (t.type) {
      case "end":
        return "the end of the expression";
      case "ident":
        return `'${t.text}'`;
      case "string":
        return `the string ${JSON.stringify(t.value)}`;
      case "op":
      case "punct":
        return `'${t.text}'`;
      default:
        return "a value";
    }
  };
  const expect = (t: Token, what: string): never => {
    throw new QuerySyntaxError(t.column, `expected ${what}, found ${describe(t)}`);
  };

  function orExpr(): QueryNode {
    let left = andExpr();
    while (isKeyword(peek(), "OR")) {
      next();
      left = { type: "or", left, right: andExpr() };
    }
    return left;
  }

  function andExpr(): QueryNode {
    let left = unary();
    while (isKeyword(peek(), "AND")) {
      next();
      left = { type: "and", left, right: unary() };
    }
    return left;
  }

  function unary(): QueryNode {
    const t = peek();
    if (++depth > MAX_DEPTH) throw new QuerySyntaxError(t.column, `nested deeper than ${MAX_DEPTH} levels`);
    try {
      if (isKeyword(t, "NOT")) {
        next();
        return { type: "not", operand: unary() };
      }
      return primary();
    } finally {
      depth -= 1;
    }
  }

  function primary(): QueryNode {
    const t = peek();
    if (t.type === "punct" && t.text === "(") {
      next();
      const inner = orExpr();
      const close = peek();
      if (close.type !== "punct" || close.text !== ")") expect(close, "')' or AND/OR");
      next();
      return inner;
    }
    if (t.type === "string") {
      next();
      return { type: "text", text: t.value };
    }
    if (t.type !== "ident" || KEYWORDS.has(t.text.toUpperCase()))
      return expect(t, "a field, '(', NOT or a quoted text");
    return comparison(fieldRef());
  }

  function fieldRef(): QueryFieldRef {
    const t = next() as Extract<Token, { type: "ident" }>;
    const root = payloadRoots.find((r) => r === t.text);
    if (root) return payloadRef(root, t.column);
    const field = getQueryField(t.text);
    if (!field)
      throw new QuerySyntaxError(
        t.column,
        `unknown field '${t.text}' (fields: ${queryFields.map((f) => f.name).join(", ")}, input.<path>, output.<path>)`,
      );
    return { type: "field", name: field.name, column: t.column };
  }

  function payloadRef(root: PayloadRoot, column: number): QueryFieldRef {
    const path: (string | number)[] = [];
    for (;;) {
      const t = peek();
      if (t.type === "punct" && t.text === ".") {
        next();
        const key = next();
        if (key.type !== "ident") expect(key, `a key after '${root}${path.length ? "…" : ""}.'`);
        path.push((key as Extract<Token, { type: "ident" }>).text);
      } else if (t.type === "punct" && t.text === "[") {
        next();
        const index = next();
        if (index.type === "number" && Number.isInteger(index.value) && index.value >= 0) path.push(index.value);
        else if (index.type === "string") path.push(index.value);
        else expect(index, "an array index (0, 1, …) or a quoted key");
        const close = next();
        if (close.type !== "punct" || close.text !== "]") expect(close, "']'");
      } else break;
    }
    if (path.length === 0)
      throw new QuerySyntaxError(
        column,
        `give a path into the ${root}, as in ${root}.order.id or ${root}.items[0].sku`,
      );
    return { type: "payload", root, path, column };
  }

  function comparison(field: QueryFieldRef): QueryNode {
    const t = peek();
    const allowed = field.type === "payload" ? operatorsOf.payload : operatorsOf[getQueryField(field.name)!.kind];
    const refuse = (op: Operator, column: number): never => {
      const name = field.type === "payload" ? `${field.root}.<path>` : field.name;
      throw new QuerySyntaxError(column, `${name} does not take ${op} (it takes ${allowed.join(" ")})`);
    };
    if (t.type === "op") {
      next();
      if (!allowed.includes(t.text)) refuse(t.text, t.column);
      const value = literal();
      checkValue(field, t.text, value);
      return { type: "compare", field, op: t.text, value };
    }
    if (isKeyword(t, "IN")) {
      next();
      if (!allowed.includes("IN")) refuse("IN", t.column);
      const open = next();
      if (open.type !== "punct" || open.text !== "(") expect(open, "'(' after IN");
      const values: QueryValue[] = [];
      for (;;) {
        const value = literal();
        checkValue(field, "=", value);
        values.push(value);
        const sep = next();
        if (sep.type === "punct" && sep.text === ")") break;
        if (sep.type !== "punct" || sep.text !== ",") expect(sep, "',' or ')'");
      }
      return { type: "in", field, values };
    }
    if (isKeyword(t, "EXISTS")) {
      next();
      if (!allowed.includes("EXISTS")) refuse("EXISTS", t.column);
      return { type: "exists", field };
    }
    return expect(t, "an operator (= != > >= < <= ~ IN EXISTS)");
  }

  function literal(): QueryValue {
    const t = next();
    switch (t.type) {
      case "string":
        return { type: "string", value: t.value, column: t.column };
      case "number":
        return { type: "number", value: t.value, column: t.column };
      case "duration":
        return { type: "duration", ms: t.ms, column: t.column };
      case "relative":
        return { type: "relative", offsetMs: t.offsetMs, column: t.column };
      case "ident": {
        const word = t.text.toLowerCase();
        if (word === "true" || word === "false") return { type: "boolean", value: word === "true", column: t.column };
        if (word === "null") return { type: "null", column: t.column };
        throw new QuerySyntaxError(t.column, `expected a value, found '${t.text}' (quote text: "${t.text}")`);
      }
      default:
        return expect(t, "a value");
    }
  }

  const tree = orExpr();
  const end = peek();
  if (end.type !== "end") expect(end, "AND, OR or the end of the expression");
  return tree;
}
