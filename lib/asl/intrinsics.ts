import { hashText, isHashAlgorithm } from "./hash";
import { readPath } from "./json-path";
import { StatesError } from "./states-error";
import type { IntrinsicCall } from "./parse-intrinsic";
import { isJsonObject, type Json } from "./types";

/** Randomness for `States.UUID` and `States.MathRandom` (a port: `lib/asl` never calls `Math.random`). */
export interface RandomPort {
  /** A float in [0, 1). */
  readonly random: () => number;
  /** A v4 UUID string. */
  readonly uuid: () => string;
}

/** What a path argument reads: the state input (`$`), the context object (`$$`) and variables (`$name`). */
export interface PathScope {
  readonly input: Json;
  readonly context: Json;
  readonly variables: Readonly<Record<string, Json>>;
}

/** Reads `$…`, `$$…` or `$var…` against the scope (`States.Runtime` when a definite path finds nothing). */
export function readScopedPath(path: string, scope: PathScope, onMissing: string): Json {
  if (path.startsWith("$$")) return readPath(path.slice(1), scope.context, onMissing);
  const variable = /^\$([A-Za-z_][\w]*)/.exec(path);
  if (variable !== null) {
    const name = variable[1] as string;
    if (!Object.hasOwn(scope.variables, name))
      throw new StatesError(onMissing, `The variable '$${name}' is not defined`);
    return readPath(`$${path.slice(name.length + 1)}`, scope.variables[name] as Json, onMissing);
  }
  return readPath(path, scope.input, onMissing);
}

const fail = (name: string, message: string): never => {
  throw new StatesError("States.IntrinsicFailure", `Invalid arguments in ${name}: ${message}`);
};

/** AWS: `States.ArrayRange` makes at most 1,000 items. */
const ARRAY_RANGE_MAX_ITEMS = 1000;
/** AWS: the input of `States.Base64Encode`/`States.Base64Decode`/`States.Hash` is at most 10,000 characters. */
const ENCODE_MAX_CHARS = 10_000;
/** AWS's payload limit (256 KiB): no intrinsic result can be larger and still leave the state. */
const RESULT_MAX_BYTES = 256 * 1024;

/** Fails with `States.DataLimitExceeded` once `bytes` (a UTF-16 length or a JSON size estimate) passes the payload limit. */
function checkResultSize(name: string, bytes: number): void {
  if (bytes > RESULT_MAX_BYTES)
    throw new StatesError(
      "States.DataLimitExceeded",
      `The result of ${name} exceeds the maximum number of bytes service limit (${RESULT_MAX_BYTES} bytes).`,
    );
}

/**
 * The JSON size of `value`, walked only until it passes `limit` (a value built from shared
 * references can be far larger written out than in memory, so it is never stringified whole).
 */
function jsonSizeOver(value: Json, limit: number): number {
  let size = 0;
  const stack: Json[] = [value];
  while (stack.length > 0 && size <= limit) {
    const item = stack.pop() as Json;
    if (typeof item === "string") size += item.length + 2;
    else if (Array.isArray(item)) {
      size += 2 + item.length;
      for (const child of item) stack.push(child);
    } else if (isJsonObject(item)) {
      for (const [key, child] of Object.entries(item)) {
        size += key.length + 4;
        stack.push(child);
      }
      size += 2;
    } else size += 5;
  }
  return size;
}

function toBase64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): string {
  const binary = atob(text);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** How `States.Format` prints a non-string argument: AWS renders objects Java-style, `{a=1, b=[x, y]}`. */
function formatArgument(value: Json): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(formatArgument).join(", ")}]`;
  if (isJsonObject(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${formatArgument(v)}`)
      .join(", ")}}`;
  return JSON.stringify(value);
}

function deepEqual(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Evaluates an intrinsic call (`States.IntrinsicFailure` on bad arguments). */
export function evaluateIntrinsic(call: IntrinsicCall, scope: PathScope, random: RandomPort): Json {
  const args = call.args.map((a): Json => {
    if (a.kind === "literal") return a.value;
    if (a.kind === "path") return readScopedPath(a.path, scope, "States.Runtime");
    return evaluateIntrinsic(a.call, scope, random);
  });
  const { name } = call;
  const str = (i: number): string => {
    const v = args[i];
    return typeof v === "string" ? v : fail(name, `argument ${i + 1} must be a string`);
  };
  const num = (i: number): number => {
    const v = args[i];
    return typeof v === "number" ? v : fail(name, `argument ${i + 1} must be a number`);
  };
  const arr = (i: number): Json[] => {
    const v = args[i];
    return Array.isArray(v) ? v : fail(name, `argument ${i + 1} must be an array`);
  };
  switch (name) {
    case "States.Format": {
      const template = str(0);
      let n = 1;
      let length = template.length;
      const out = template.replace(/\\\{|\\\}|\{\}/g, (m) => {
        if (m !== "{}") return m.slice(1);
        const v = args[n++];
        if (v === undefined) return fail(name, "more placeholders than arguments");
        // Size the argument before writing it out.
        checkResultSize(name, length + jsonSizeOver(v, RESULT_MAX_BYTES));
        const text = formatArgument(v);
        length += text.length;
        checkResultSize(name, length);
        return text;
      });
      if (n !== args.length) fail(name, "the number of arguments does not match the placeholders");
      return out;
    }
    case "States.StringToJson":
      try {
        return JSON.parse(str(0)) as Json;
      } catch {
        return fail(name, "the string is not JSON");
      }
    case "States.JsonToString":
      checkResultSize(name, jsonSizeOver(args[0] ?? null, RESULT_MAX_BYTES));
      return JSON.stringify(args[0] ?? null);
    case "States.Array":
      checkResultSize(name, jsonSizeOver(args, RESULT_MAX_BYTES));
      return args;
    case "States.ArrayPartition": {
      const items = arr(0);
      const size = num(1);
      if (!Number.isInteger(size) || size <= 0) fail(name, "the chunk size must be a positive integer");
      const out: Json[] = [];
      for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
      return out;
    }
    case "States.ArrayContains":
      return arr(0).some((item) => deepEqual(item, args[1] ?? null));
    case "States.ArrayRange": {
      const [start, end, step] = [num(0), num(1), num(2)];
      if (step === 0) fail(name, "the step must not be 0");
      // Count before allocating: States.ArrayRange(1, 1e9, 1) must fail, not build a billion items.
      const count = (step > 0 ? end >= start : end <= start) ? Math.floor((end - start) / step) + 1 : 0;
      if (count > ARRAY_RANGE_MAX_ITEMS) fail(name, `the range has more than ${ARRAY_RANGE_MAX_ITEMS} items`);
      const out: number[] = [];
      for (let i = 0; i < count; i++) out.push(start + i * step);
      return out;
    }
    case "States.ArrayGetItem": {
      const items = arr(0);
      const index = num(1);
      if (!Number.isInteger(index) || index < 0 || index >= items.length) return fail(name, "index out of bounds");
      return items[index] as Json;
    }
    case "States.ArrayLength":
      return arr(0).length;
    case "States.ArrayUnique": {
      const seen = new Set<string>();
      return arr(0).filter((item) => {
        const key = JSON.stringify(item);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    case "States.Base64Encode":
      if (str(0).length > ENCODE_MAX_CHARS) fail(name, `the input has more than ${ENCODE_MAX_CHARS} characters`);
      return toBase64(str(0));
    case "States.Base64Decode":
      if (str(0).length > ENCODE_MAX_CHARS) fail(name, `the input has more than ${ENCODE_MAX_CHARS} characters`);
      try {
        return fromBase64(str(0));
      } catch {
        return fail(name, "the string is not base64");
      }
    case "States.Hash": {
      const algorithm = args[1];
      if (!isHashAlgorithm(algorithm))
        return fail(name, "the algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
      const data = args[0];
      const size = typeof data === "string" ? data.length : jsonSizeOver(data ?? null, ENCODE_MAX_CHARS);
      if (size > ENCODE_MAX_CHARS) fail(name, `the input has more than ${ENCODE_MAX_CHARS} characters`);
      return hashText(typeof data === "string" ? data : JSON.stringify(data ?? null), algorithm);
    }
    case "States.JsonMerge": {
      const [a, b, deep] = [args[0], args[1], args[2]];
      if (!isJsonObject(a) || !isJsonObject(b)) return fail(name, "both arguments must be objects");
      if (deep !== false) fail(name, "deep merge (true) is not supported by AWS");
      const merged = { ...a, ...b };
      checkResultSize(name, jsonSizeOver(merged, RESULT_MAX_BYTES));
      return merged;
    }
    case "States.MathRandom": {
      const [start, end] = [num(0), num(1)];
      return Math.floor(start + random.random() * (end - start));
    }
    case "States.MathAdd":
      // AWS adds integers: each argument is rounded first (Java Math.round, half up).
      return Math.round(num(0)) + Math.round(num(1));
    case "States.StringSplit": {
      const [text, separators] = [str(0), str(1)];
      const chars = [...separators];
      if (chars.length === 0) return [text];
      return text
        .split(new RegExp(`[${chars.map((c) => c.replace(/[\\\]^-]/g, "\\$&")).join("")}]`))
        .filter((s) => s.length > 0);
    }
    case "States.UUID":
      return random.uuid();
    default:
      return fail(name, "unknown intrinsic function");
  }
}
