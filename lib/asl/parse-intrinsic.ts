import type { Json } from "./types";

/** A parsed intrinsic argument: a literal, a path (`$.x`, `$$.x`, `$var`) or a nested call. */
export type IntrinsicArg =
  | { readonly kind: "literal"; readonly value: Json }
  | { readonly kind: "path"; readonly path: string }
  | { readonly kind: "call"; readonly call: IntrinsicCall };

/** `States.<Name>(args…)`. */
export interface IntrinsicCall {
  readonly name: string;
  readonly args: readonly IntrinsicArg[];
}

/** The 18 intrinsic function names ASL defines. */
export const INTRINSIC_NAMES = new Set([
  "States.Format",
  "States.StringToJson",
  "States.JsonToString",
  "States.Array",
  "States.ArrayPartition",
  "States.ArrayContains",
  "States.ArrayRange",
  "States.ArrayGetItem",
  "States.ArrayLength",
  "States.ArrayUnique",
  "States.Base64Encode",
  "States.Base64Decode",
  "States.Hash",
  "States.JsonMerge",
  "States.MathRandom",
  "States.MathAdd",
  "States.StringSplit",
  "States.UUID",
]);

const parseCache = new Map<string, IntrinsicCall>();

/** Parses an intrinsic expression such as `States.Format('{} {}', $.a, States.UUID())`; throws a message on bad syntax. */
export function parseIntrinsic(text: string): IntrinsicCall {
  const cached = parseCache.get(text);
  if (cached !== undefined) return cached;
  let pos = 0;
  const src = text.trim();
  const ws = (): void => {
    while (pos < src.length && /\s/.test(src[pos] as string)) pos++;
  };
  const call = (): IntrinsicCall => {
    const m = /^States\.[A-Za-z0-9]+/.exec(src.slice(pos));
    if (m === null) throw new Error(`expected an intrinsic function at ${pos}`);
    const name = m[0];
    if (!INTRINSIC_NAMES.has(name)) throw new Error(`unknown intrinsic function ${name}`);
    pos += name.length;
    ws();
    if (src[pos] !== "(") throw new Error(`expected '(' after ${name}`);
    pos++;
    const args: IntrinsicArg[] = [];
    ws();
    if (src[pos] === ")") {
      pos++;
      return { name, args };
    }
    for (;;) {
      ws();
      args.push(arg());
      ws();
      if (src[pos] === ",") {
        pos++;
        continue;
      }
      if (src[pos] === ")") {
        pos++;
        return { name, args };
      }
      throw new Error(`expected ',' or ')' at ${pos}`);
    }
  };
  const arg = (): IntrinsicArg => {
    const c = src[pos];
    if (c === "'") {
      let out = "";
      pos++;
      while (pos < src.length && src[pos] !== "'") {
        if (src[pos] === "\\" && pos + 1 < src.length) {
          const next = src[pos + 1] as string;
          // `\{` and `\}` stay escaped so States.Format can tell them from placeholders.
          out += next === "{" || next === "}" ? `\\${next}` : next;
          pos += 2;
        } else out += src[pos++];
      }
      if (src[pos] !== "'") throw new Error("unterminated string literal");
      pos++;
      return { kind: "literal", value: out };
    }
    if (c === "$") {
      const start = pos;
      let depth = 0;
      let quote: string | null = null;
      while (pos < src.length) {
        const ch = src[pos] as string;
        if (quote !== null) {
          if (ch === quote) quote = null;
        } else if (ch === "'" || ch === '"') quote = ch;
        else if (ch === "[" || ch === "(") depth++;
        else if (ch === "]" || ch === ")") {
          if (depth === 0) break;
          depth--;
        } else if (ch === "," && depth === 0) break;
        pos++;
      }
      return { kind: "path", path: src.slice(start, pos).trim() };
    }
    if (src.startsWith("States.", pos)) return { kind: "call", call: call() };
    const lit = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(src.slice(pos));
    if (lit === null) throw new Error(`unexpected '${c ?? "end"}' at ${pos}`);
    pos += (lit[0] as string).length;
    return { kind: "literal", value: JSON.parse(lit[0] as string) as Json };
  };
  const parsed = call();
  ws();
  if (pos !== src.length) throw new Error(`unexpected text after the call at ${pos}`);
  parseCache.set(text, parsed);
  return parsed;
}
