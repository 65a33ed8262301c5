import { JSONPath } from "jsonpath-plus";
import { StatesError } from "./states-error";
import { isJsonObject, type Json } from "./types";

type Segment = string | number;

const SIMPLE = /^\$((?:\.[A-Za-z_][\w-]*|\[\d+\]|\['[^']*'\]|\["[^"]*"\])*)$/;
const SEGMENT = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g;
const simpleCache = new Map<string, readonly Segment[] | null>();

/** The segments of a simple (definite, no wildcard/filter) JSONPath like `$.a['b'][0]`, or null. */
export function parseSimplePath(path: string): readonly Segment[] | null {
  const cached = simpleCache.get(path);
  if (cached !== undefined) return cached;
  // AWS ignores whitespace after a path (`"$.a "` reads `$.a`).
  const match = SIMPLE.exec(path.trimEnd());
  let segments: Segment[] | null = null;
  if (match !== null) {
    segments = [];
    for (const m of (match[1] ?? "").matchAll(SEGMENT)) {
      if (m[1] !== undefined) segments.push(m[1]);
      else if (m[2] !== undefined) segments.push(Number(m[2]));
      else segments.push(m[3] ?? m[4] ?? "");
    }
  }
  simpleCache.set(path, segments);
  return segments;
}

/** Whether `path` is syntactically a JSONPath ASL accepts (`$…`, `$$…`, or a `$variable…` reference). */
export function isValidPath(path: string): boolean {
  if (!path.startsWith("$")) return false;
  if (parseSimplePath(path.replace(/^\$\$/, "$").replace(/^\$[A-Za-z_]\w*/, "$")) !== null) return true;
  try {
    JSONPath({ path: path.replace(/^\$\$/, "$").trimEnd(), json: {}, wrap: true });
    return true;
  } catch {
    return false;
  }
}

/** Whether `path` always selects one value (no wildcards, filters, slices, recursive descent). */
export function isDefinitePath(path: string): boolean {
  return !/\*|\.\.|\[\?|\[[^\]]*[:,][^\]]*\]|@/.test(path);
}

const MISSING = Symbol("missing");

function walk(value: Json, segments: readonly Segment[]): Json | typeof MISSING {
  let current: Json = value;
  for (const segment of segments) {
    if (typeof segment === "number") {
      if (!Array.isArray(current) || segment >= current.length) return MISSING;
      current = current[segment] as Json;
    } else {
      if (!isJsonObject(current) || !Object.hasOwn(current, segment)) return MISSING;
      current = current[segment] as Json;
    }
  }
  return current;
}

/**
 * Evaluates a JSONPath against `value` as ASL does. Definite paths return the value or throw
 * `onMissing` (an ASL error name, e.g. `States.Runtime`); indefinite ones return the array
 * of matches (possibly empty).
 */
export function readPath(path: string, value: Json, onMissing: string): Json {
  const segments = parseSimplePath(path);
  if (segments !== null) {
    const found = walk(value, segments);
    if (found === MISSING)
      throw new StatesError(
        onMissing,
        `The JSONPath '${path}' could not be found in the input '${JSON.stringify(value)}'`,
      );
    return found;
  }
  let results: Json[];
  try {
    results = JSONPath({ path: indexOnlyArrays(path.trimEnd()), json: value as object, wrap: true }) as Json[];
  } catch (err) {
    throw new StatesError(onMissing, `Invalid JSONPath '${path}': ${err instanceof Error ? err.message : String(err)}`);
  }
  if (isDefinitePath(path)) {
    if (results.length === 0)
      throw new StatesError(
        onMissing,
        `The JSONPath '${path}' could not be found in the input '${JSON.stringify(value)}'`,
      );
    return results[0] as Json;
  }
  return results;
}

/**
 * AWS's `[n]` selects an array's element only: applied to an object it matches nothing, where
 * jsonpath-plus would read the member named "n". Each `[n]` outside quotes and filters becomes a
 * filter on the numeric position (an object's member names are strings).
 */
export function indexOnlyArrays(path: string): string {
  let out = "";
  let quote: string | null = null;
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path[i] as string;
    if (quote !== null) {
      if (c === "\\") out += c + (path[++i] ?? "");
      else {
        if (c === quote) quote = null;
        out += c;
      }
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "[" && depth === 0) {
      const index = /^\[(\d+)\]/.exec(path.slice(i));
      if (index !== null) {
        out += `[?(@property === ${index[1]})]`;
        i += index[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Reads a path if present: `undefined` when a definite path finds nothing (Choice `IsPresent`, `*Path` comparisons). */
export function tryReadPath(path: string, value: Json): Json | undefined {
  try {
    return readPath(path, value, "States.Runtime");
  } catch {
    return undefined;
  }
}

/**
 * `ResultPath`: places `result` into `input` at the reference path (a copy; the input is not changed).
 * `$` replaces the input. Fails with `States.ResultPathMatchFailure` when the path cannot be built.
 */
export function writePath(path: string, input: Json, result: Json): Json {
  const segments = parseSimplePath(path);
  if (segments === null) throw new StatesError("States.ResultPathMatchFailure", `Invalid ResultPath '${path}'`);
  return segments.length === 0 ? result : writeSegments(path, segments, input, result);
}

/** {@link writePath} below the root (apart: its closures made a context object even for `$`, the usual ResultPath). */
function writeSegments(path: string, segments: readonly Segment[], input: Json, result: Json): Json {
  const fail = (): never => {
    throw new StatesError(
      "States.ResultPathMatchFailure",
      `Unable to apply step "${path}" to input ${JSON.stringify(input)}`,
    );
  };
  const set = (node: Json, index: number): Json => {
    const segment = segments[index] as Segment;
    const last = index === segments.length - 1;
    if (typeof segment === "number") {
      if (!Array.isArray(node) || segment >= node.length) return fail();
      const copy = [...node];
      copy[segment] = last ? result : set(node[segment] as Json, index + 1);
      return copy;
    }
    if (!isJsonObject(node)) return fail();
    const child = Object.hasOwn(node, segment) ? (node[segment] as Json) : {};
    return { ...node, [segment]: last ? result : set(child, index + 1) };
  };
  return set(input, 0);
}
