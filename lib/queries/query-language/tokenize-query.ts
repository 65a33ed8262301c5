import { QuerySyntaxError } from "./query-syntax-error";

export type Token =
  | { readonly type: "ident"; readonly text: string; readonly column: number }
  | { readonly type: "string"; readonly value: string; readonly column: number; readonly end: number }
  | { readonly type: "number"; readonly value: number; readonly column: number }
  | { readonly type: "duration"; readonly ms: number; readonly column: number }
  /** `now`, `now-24h`, `now() - 1h`, `now+1d`: an offset from the moment the query runs. */
  | { readonly type: "relative"; readonly offsetMs: number; readonly column: number }
  | { readonly type: "op"; readonly text: "=" | "!=" | ">" | ">=" | "<" | "<=" | "~"; readonly column: number }
  | { readonly type: "punct"; readonly text: "(" | ")" | "," | "." | "[" | "]"; readonly column: number }
  | { readonly type: "end"; readonly column: number };

/** Milliseconds per duration unit (`30s`, `5m`, `2h`, `1d`, `1w`, `250ms`). */
export const durationUnits = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$-]*/;
const UNIT = /^[A-Za-z]+/;
// eslint-disable-next-line no-control-regex -- a JSON string refuses raw control characters: excluding them is the point.
const STRING = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/;
/** `now`, `now()`, then an optional offset, spaces allowed around its sign: `now-24h`, `now() - 1h`. */
const RELATIVE = /^now(?:\(\))?(?:\s*([+-])\s*(\d+(?:\.\d+)?)([A-Za-z]+))?(?![A-Za-z0-9_$(])/;

function durationOf(amount: string, unit: string, column: number): number {
  const scale = durationUnits[unit as keyof typeof durationUnits];
  if (scale === undefined)
    throw new QuerySyntaxError(column, `unknown duration unit '${unit}' (use ms, s, m, h, d or w)`);
  return Number(amount) * scale;
}

/** Splits an expression into tokens; columns are 1-based. */
export function tokenizeQuery(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const column = i + 1;
    const rest = text.slice(i);
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '"') {
      const m = STRING.exec(rest);
      if (!m) {
        const closed = rest.indexOf('"', 1) > 0;
        throw new QuerySyntaxError(column, closed ? "invalid escape in string" : "unterminated string");
      }
      tokens.push({ type: "string", value: JSON.parse(m[0]) as string, column, end: column + m[0].length });
      i += m[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (two === "!=" || two === ">=" || two === "<=") {
      tokens.push({ type: "op", text: two, column });
      i += 2;
      continue;
    }
    if (ch === "=" || ch === ">" || ch === "<" || ch === "~") {
      tokens.push({ type: "op", text: ch, column });
      i += 1;
      continue;
    }
    if (ch === "(" || ch === ")" || ch === "," || ch === "." || ch === "[" || ch === "]") {
      tokens.push({ type: "punct", text: ch, column });
      i += 1;
      continue;
    }
    const relative = RELATIVE.exec(rest);
    if (relative) {
      const [whole, sign, amount, unit] = relative;
      const offset = amount && unit ? durationOf(amount, unit, column + whole.length - unit.length) : 0;
      tokens.push({ type: "relative", offsetMs: sign === "-" ? -offset : offset, column });
      i += whole.length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      const unit = UNIT.exec(rest.slice(number[0].length));
      if (unit) {
        if (/[eE.]/.test(number[0]) && !/^\d+(\.\d+)?$/.test(number[0]))
          throw new QuerySyntaxError(column, `'${number[0]}${unit[0]}' is not a duration`);
        tokens.push({ type: "duration", ms: durationOf(number[0], unit[0], column + number[0].length), column });
        i += number[0].length + unit[0].length;
      } else {
        tokens.push({ type: "number", value: Number(number[0]), column });
        i += number[0].length;
      }
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ type: "ident", text: ident[0], column });
      i += ident[0].length;
      continue;
    }
    throw new QuerySyntaxError(column, `unexpected character '${ch}'`);
  }
  tokens.push({ type: "end", column: text.length + 1 });
  return tokens;
}
