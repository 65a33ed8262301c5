import { readScopedPath, type PathScope } from "../intrinsics";
import { parseSimplePath } from "../json-path";
import { StatesError } from "../states-error";
import { isJsonObject, type Json } from "../types";

/**
 * `InputPath`/`OutputPath`: a missing definite path fails with AWS's wording,
 * `Invalid path '$.a.b' : Missing property in path $['a']`.
 */
export function readIoPath(path: string, scope: PathScope): Json {
  try {
    return readScopedPath(path, scope, "States.Runtime");
  } catch (err) {
    const segments = path.startsWith("$$") || /^\$[A-Za-z_]/.test(path) ? null : parseSimplePath(path);
    if (!(err instanceof StatesError) || segments === null) throw err;
    let node: Json = scope.input;
    let shown = "$";
    for (const segment of segments) {
      shown += typeof segment === "number" ? `[${segment}]` : `['${segment}']`;
      const next: Json | undefined =
        typeof segment === "number"
          ? Array.isArray(node)
            ? node[segment]
            : undefined
          : isJsonObject(node) && Object.hasOwn(node, segment)
            ? node[segment]
            : undefined;
      if (next === undefined) break;
      node = next;
    }
    throw new StatesError("States.Runtime", `Invalid path '${path}' : Missing property in path ${shown}`);
  }
}

/** Reads a `*Path` parameter; a missing value is AWS's "The <field> parameter does not reference an input value". */
export function readParameterPath(path: string, scope: PathScope, field: string): Json {
  try {
    return readScopedPath(path, scope, "States.Runtime");
  } catch {
    throw new StatesError("States.Runtime", `The ${field} parameter does not reference an input value: ${path}`);
  }
}
