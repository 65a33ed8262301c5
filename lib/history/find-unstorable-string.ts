/** A string Postgres would refuse, and where it is (JSON Pointer below the value walked). */
export interface UnstorableString {
  readonly path: string;
  readonly problem: string;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Finds the first string (member name or value) in a parsed JSON value that Postgres
 * cannot store: a NUL character (`text` refuses byte 0x00, `jsonb` refuses `\u0000`) or a
 * lone UTF-16 surrogate such as `\ud800` (not a Unicode character: `jsonb` refuses the
 * escape, and `text` would get U+FFFD in its place). JSON allows both as escapes; AWS
 * never writes them. Iterative, so depth does not matter. Null when every string is storable.
 */
export function findUnstorableString(value: unknown, basePath = ""): UnstorableString | null {
  // A history has millions of strings and almost never a bad one: a first pass builds no paths.
  return hasSuspectString(value) ? locateUnstorable(value, basePath) : null;
}

// Any NUL or surrogate at all; the exact test (paired surrogates are fine) runs only on a hit.
// eslint-disable-next-line no-control-regex -- NUL is what Postgres refuses: matching it is the point.
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

function hasSuspectString(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === "string") {
      if (SUSPECT.test(current) && stringProblem(current) !== null) return true;
    } else if (Array.isArray(current)) {
      for (const item of current) stack.push(item);
    } else if (typeof current === "object" && current !== null) {
      for (const key in current) {
        if (SUSPECT.test(key) && stringProblem(key) !== null) return true;
        stack.push((current as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

function locateUnstorable(value: unknown, basePath: string): UnstorableString | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: basePath }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as { value: unknown; path: string };
    if (typeof current === "string") {
      const problem = stringProblem(current);
      if (problem !== null) return { path, problem };
      continue;
    }
    if (typeof current !== "object" || current === null) continue;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: `${path}/${i}` });
      continue;
    }
    const entries = Object.entries(current as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, member] = entries[i] as [string, unknown];
      const memberPath = `${path}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      const problem = stringProblem(key);
      if (problem !== null) return { path: memberPath, problem: `member name: ${problem}` };
      stack.push({ value: member, path: memberPath });
    }
  }
  return null;
}

function stringProblem(text: string): string | null {
  if (text.includes("\u0000")) return "contains a NUL character (\\u0000), which Postgres cannot store";
  const lone = LONE_SURROGATE.exec(text);
  if (lone !== null) {
    const code = lone[0].charCodeAt(0).toString(16);
    return `contains a lone UTF-16 surrogate (\\u${code}), which is not a Unicode character`;
  }
  return null;
}
