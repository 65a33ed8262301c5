import { describe, expect, it } from "vitest";
import type { QueryNode } from "./query-ast";
import { parseListQuery } from "./parse-list-query";
import { parseQuery } from "./parse-query";
import { QuerySyntaxError } from "./query-syntax-error";

/** The tree as a compact string: fields, operators and values, groups in brackets. */
function show(n: QueryNode): string {
  const field = (f: Extract<QueryNode, { type: "compare" }>["field"]) =>
    f.type === "field"
      ? f.name
      : `${f.root}${f.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("")}`;
  const value = (v: Extract<QueryNode, { type: "compare" }>["value"]) => {
    switch (v.type) {
      case "null":
        return "null";
      case "duration":
        return `${v.ms}ms`;
      case "relative":
        return `now${v.offsetMs >= 0 ? "+" : ""}${v.offsetMs}ms`;
      default:
        return JSON.stringify(v.value);
    }
  };
  switch (n.type) {
    case "and":
    case "or":
      return `[${show(n.left)} ${n.type.toUpperCase()} ${show(n.right)}]`;
    case "not":
      return `NOT ${show(n.operand)}`;
    case "compare":
      return `${field(n.field)} ${n.op} ${value(n.value)}`;
    case "in":
      return `${field(n.field)} IN (${n.values.map(value).join(", ")})`;
    case "exists":
      return `${field(n.field)} EXISTS`;
    case "text":
      return `text ${JSON.stringify(n.text)}`;
  }
}

function errorOf(text: string): { column: number; message: string } {
  try {
    parseQuery(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { column: error.column, message: error.message };
    throw error;
  }
  throw new Error(`parsed: ${text}`);
}

describe("parseQuery", () => {
  it.each([
    ['status = "FAILED"', 'status = "FAILED"'],
    ['status != "FAILED"', 'status != "FAILED"'],
    ["input.order.amount > 100", "input.order.amount > 100"],
    ["input.order.amount >= 100.5", "input.order.amount >= 100.5"],
    ["redriveCount < 2", "redriveCount < 2"],
    ["redriveCount <= 2", "redriveCount <= 2"],
    ['error ~ "timeout"', 'error ~ "timeout"'],
    ['status IN ("FAILED", "TIMED_OUT")', 'status IN ("FAILED", "TIMED_OUT")'],
    ["output.receipt EXISTS", "output.receipt EXISTS"],
    ['input.items[0].sku = "A-1"', 'input.items[0].sku = "A-1"'],
    ['input["odd key"].x = true', "input.odd key.x = true"],
    ["output.flag = null", "output.flag = null"],
    ["output.flag = false", "output.flag = false"],
    ["duration > 5m", "duration > 300000ms"],
    ["duration <= 250ms", "duration <= 250ms"],
    ["startDate > now-24h", "startDate > now-86400000ms"],
    ["startDate < now", "startDate < now+0ms"],
    ['startDate >= "2026-11-01"', 'startDate >= "2026-11-01"'],
    ['stopDate < "2026-11-01T10:00:00Z"', 'stopDate < "2026-11-01T10:00:00Z"'],
    ['"card declined"', 'text "card declined"'],
  ])("reads %s", (text, tree) => {
    expect(show(parseQuery(text))).toBe(tree);
  });

  it("binds NOT tighter than AND, and AND tighter than OR", () => {
    expect(show(parseQuery('status = "FAILED" OR type = "EXPRESS" AND NOT region = "eu-west-1"'))).toBe(
      '[status = "FAILED" OR [type = "EXPRESS" AND NOT region = "eu-west-1"]]',
    );
  });

  it("groups with parentheses and chains AND from the left", () => {
    expect(
      show(parseQuery('(status = "FAILED" OR status = "TIMED_OUT") AND state = "Charge" AND redriveCount > 0')),
    ).toBe('[[[status = "FAILED" OR status = "TIMED_OUT"] AND state = "Charge"] AND redriveCount > 0]');
  });

  it("takes keywords and field names in any case", () => {
    expect(show(parseQuery('STATUS = "failed" and not stateMachine exists or Name in ("a")'))).toBe(
      '[[status = "failed" AND NOT stateMachine EXISTS] OR name IN ("a")]',
    );
  });

  it.each([
    ['stauts = "FAILED"', 1, "unknown field 'stauts'"],
    ['status = "FAILD"', 10, "status is one of RUNNING"],
    ['status > "FAILED"', 8, "status does not take >"],
    ["input.amount > true", 16, "> compares numbers or texts, not boolean"],
    ["input = 1", 1, "give a path into the input"],
    ["name ~ 5", 8, "name takes a quoted text"],
    ["duration > 5 minutes", 14, "expected AND, OR or the end of the expression"],
    ["duration > 5q", 13, "unknown duration unit 'q'"],
    ['startDate > "yesterday"', 13, "startDate takes a date"],
    ['startDate > "2026-02-30"', 13, "startDate takes a date"],
    ["redriveCount = 1.5", 16, "redriveCount takes a whole number"],
    ['status = "FAILED" AND', 22, "expected a field, '(', NOT or a quoted text, found the end of the expression"],
    ['(status = "FAILED"', 19, "expected ')' or AND/OR"],
    ['status = "FAILED")', 18, "expected AND, OR or the end of the expression, found ')'"],
    ['status "FAILED"', 8, "expected an operator"],
    ['name = "open', 8, "unterminated string"],
    ["name = FAILED", 8, `quote text: "FAILED"`],
    ['status IN ("FAILED" "ABORTED")', 21, "expected ',' or ')'"],
    ["input.items[x] = 1", 13, "expected an array index"],
    ["name # 1", 6, "unexpected character '#'"],
    ["error EXISTS AND status EXISTS", 25, "status does not take EXISTS"],
  ])("refuses %s at column %i", (text, column, message) => {
    const error = errorOf(text);
    expect(error.column).toBe(column);
    expect(error.message).toContain(`column ${column}: `);
    expect(error.message).toContain(message);
  });

  it("refuses nesting past its depth limit with a column", () => {
    const error = errorOf(`${"(".repeat(60)}status = "FAILED"${")".repeat(60)}`);
    expect(error.message).toMatch(/nested deeper than 50 levels/);
  });
});

describe("parseListQuery", () => {
  it("reads plain text that is not an expression as a search of error and cause", () => {
    expect(show(parseListQuery("WORKER Crashed AT step 3"))).toBe('text "WORKER Crashed AT step 3"');
    expect(show(parseListQuery("Order.PaymentFailed"))).toBe('text "Order.PaymentFailed"');
  });

  it("reports a wrong expression instead of searching for it as text", () => {
    expect(() => parseListQuery('stauts = "FAILED"')).toThrow(/column 1: unknown field 'stauts'/);
  });
});
