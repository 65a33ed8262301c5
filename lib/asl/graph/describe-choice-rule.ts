const comparators: Readonly<Record<string, string>> = {
  StringEquals: "==",
  NumericEquals: "==",
  BooleanEquals: "==",
  TimestampEquals: "==",
  StringLessThan: "<",
  NumericLessThan: "<",
  TimestampLessThan: "<",
  StringGreaterThan: ">",
  NumericGreaterThan: ">",
  TimestampGreaterThan: ">",
  StringLessThanEquals: "<=",
  NumericLessThanEquals: "<=",
  TimestampLessThanEquals: "<=",
  StringGreaterThanEquals: ">=",
  NumericGreaterThanEquals: ">=",
  TimestampGreaterThanEquals: ">=",
  StringMatches: "matches",
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A short human reading of a Choice rule: JSONata `Condition` as written, JSONPath rules as
 * `$.x == "a"`, `And`/`Or`/`Not` combined. Unknown shapes fall back to their operator name.
 */
export function describeChoiceRule(rule: unknown, depth = 0): string {
  if (!isRecord(rule)) return "?";
  const condition = rule["Condition"];
  if (typeof condition === "string") return condition.replace(/^\{%\s*|\s*%\}$/g, "");
  for (const op of ["And", "Or"] as const) {
    const parts = rule[op];
    if (Array.isArray(parts)) {
      if (depth > 1) return op;
      return parts.map((p) => describeChoiceRule(p, depth + 1)).join(op === "And" ? " && " : " || ");
    }
  }
  if ("Not" in rule) return `!(${describeChoiceRule(rule["Not"], depth + 1)})`;
  const variable = typeof rule["Variable"] === "string" ? rule["Variable"] : "?";
  for (const [key, value] of Object.entries(rule)) {
    if (key === "Variable" || key === "Next" || key === "Comment" || key === "Assign" || key === "Output") continue;
    const base = key.replace(/Path$/, "");
    const symbol = comparators[base];
    if (symbol) return `${variable} ${symbol} ${key.endsWith("Path") ? String(value) : JSON.stringify(value)}`;
    if (
      key === "IsPresent" ||
      key === "IsNull" ||
      key === "IsString" ||
      key === "IsNumeric" ||
      key === "IsBoolean" ||
      key === "IsTimestamp"
    ) {
      return `${variable} ${key}${value === false ? " = false" : ""}`;
    }
  }
  return variable;
}
