import { getQueryField, operatorsOf, queryFields, type FieldSpec } from "./query-fields";
import { tokenizeQuery, type Token } from "./tokenize-query";

export interface QueryCompletion {
  /** What the option inserts in place of `text.slice(from, to)`. */
  readonly insert: string;
  readonly label: string;
  readonly detail: string;
}

export interface QueryCompletions {
  readonly from: number;
  readonly to: number;
  readonly options: readonly QueryCompletion[];
}

/**
 * Values known for fields that are not enums, from the store: state machine and source names,
 * states, and the aliases and version numbers executions were started through.
 */
export type KnownValues = Partial<Record<"stateMachine" | "source" | "state" | "alias" | "version", readonly string[]>>;

/** What a date field offers after its operator (written bare: relative to now). */
const RECENT = ["now-1h", "now-24h", "now-7d"] as const;

const MAX_OPTIONS = 12;
const none = (at: number): QueryCompletions => ({ from: at, to: at, options: [] });

/**
 * What may come at `caret` in `text`: a field (at the start, after AND/OR/NOT or "("), an
 * operator (after a field), a known value (after an operator or inside IN (…)), or AND/OR
 * (after a value); options start with the word being typed. Pure: the search box runs it.
 */
export function completeQuery(text: string, caret: number, known: KnownValues = {}): QueryCompletions {
  const before = text.slice(0, caret);
  // The word being typed: a field or path, a keyword, or a string not yet closed.
  const quotes = before.replace(/\\./g, "").split('"').length - 1;
  const partial =
    quotes % 2 === 1
      ? before.slice(before.lastIndexOf('"'))
      : (/(?:[A-Za-z_$][\w$.[\]-]*|[=!<>~]{1,2})$/.exec(before)?.[0] ?? "");
  const from = caret - partial.length;
  let tokens: Token[];
  try {
    tokens = tokenizeQuery(before.slice(0, from)).slice(0, -1);
  } catch {
    return none(caret);
  }
  const last = tokens.at(-1);
  const starts = (s: string) => s.toLowerCase().startsWith(partial.toLowerCase().replace(/^"/, ""));
  const done = (options: QueryCompletion[]): QueryCompletions => ({
    from,
    to: caret,
    options: options.filter((o) => starts(o.insert.replace(/^"/, "")) && o.insert !== partial).slice(0, MAX_OPTIONS),
  });
  const isWord = (t: Token | undefined, ...words: string[]) =>
    t?.type === "ident" && words.includes(t.text.toUpperCase());

  if (!last || isWord(last, "AND", "OR", "NOT") || (last.type === "punct" && last.text === "(" && !inList(tokens)))
    return done(fieldOptions());

  const valueField = fieldBeforeValue(tokens);
  if (valueField !== undefined) {
    const spec = getQueryField(valueField);
    if (!spec) return none(caret);
    // Numbers and relative dates are written bare, texts quoted.
    const bare = spec.kind === "integer" || spec.kind === "date";
    return done(
      valuesOf(spec, known).map((v) => ({ insert: bare ? v : JSON.stringify(v), label: v, detail: spec.name })),
    );
  }
  // After a field (or a payload path): its operators.
  const fieldAt = fieldEndingAt(tokens);
  if (fieldAt !== null) {
    const spec = fieldAt === "payload" ? null : getQueryField(fieldAt);
    const ops = fieldAt === "payload" ? operatorsOf.payload : spec ? operatorsOf[spec.kind] : [];
    return done(ops.map((op) => ({ insert: op, label: op, detail: "operator" })));
  }
  return done(["AND", "OR"].map((w) => ({ insert: w, label: w, detail: "keyword" })));
}

function fieldOptions(): QueryCompletion[] {
  return [
    ...queryFields.map((f) => ({ insert: f.name, label: f.name, detail: f.description })),
    { insert: "input.", label: "input.<path>", detail: "a JSON path into the input" },
    { insert: "output.", label: "output.<path>", detail: "a JSON path into the output" },
    { insert: "NOT", label: "NOT", detail: "keyword" },
  ];
}

function valuesOf(spec: FieldSpec, known: KnownValues): readonly string[] {
  if (spec.values) return spec.values;
  if (spec.name === "stateMachine" || spec.name === "source") return known[spec.name] ?? [];
  if (spec.name === "state" || spec.name === "failedState") return known.state ?? [];
  if (spec.name === "alias" || spec.name === "version") return known[spec.name] ?? [];
  if (spec.kind === "date") return RECENT;
  return [];
}

/** True when the tokens end inside `IN (` … (a value list, not a group). */
function inList(tokens: readonly Token[]): boolean {
  for (let i = tokens.length - 1; i >= 0; i -= 1) {
    const t = tokens[i]!;
    if (t.type === "punct" && t.text === "(")
      return tokens[i - 1]?.type === "ident" && (tokens[i - 1] as { text: string }).text.toUpperCase() === "IN";
    if (t.type === "punct" && t.text === ")") return false;
  }
  return false;
}

/** The field whose value comes next (after `field op`, or inside `field IN (…,`), if any. */
function fieldBeforeValue(tokens: readonly Token[]): string | undefined {
  const last = tokens.at(-1);
  if (last?.type === "op") {
    const field = tokens.at(-2);
    return field?.type === "ident" ? field.text : "";
  }
  if (last?.type === "punct" && (last.text === "(" || last.text === ",") && inList(tokens)) {
    let i = tokens.length - 1;
    while (i > 0 && !(tokens[i]!.type === "punct" && (tokens[i] as { text: string }).text === "(")) i -= 1;
    const field = tokens[i - 2];
    return field?.type === "ident" ? field.text : "";
  }
  return undefined;
}

/** The field the tokens end with ("payload" for a path into input/output), or null. */
function fieldEndingAt(tokens: readonly Token[]): string | null {
  const last = tokens.at(-1);
  const prev = tokens.at(-2);
  if (last?.type === "ident" && !(prev?.type === "op") && getQueryField(last.text)) return last.text;
  // A payload path ends with a key or "]"; it begins with input/output.
  for (let i = tokens.length - 1; i >= 0; i -= 1) {
    const t = tokens[i]!;
    if (t.type === "ident" && (t.text === "input" || t.text === "output") && i < tokens.length - 1) return "payload";
    const inPath =
      (t.type === "punct" && (t.text === "." || t.text === "[" || t.text === "]")) ||
      t.type === "ident" ||
      t.type === "number" ||
      t.type === "string";
    if (!inPath || i < tokens.length - 8) return null;
  }
  return null;
}
