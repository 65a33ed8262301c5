/** A span of a JSON text, as offsets (`end` exclusive) and the 1-based line it starts on. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * Where a JSON Pointer lands in a JSON text: the span of its value; when the pointer names a
 * member that is not there (`/StartAt` missing), the first character of the deepest object
 * or array that is. Null when the text does not even start as JSON.
 */
export function locateJsonPointer(text: string, pointer: string): TextRange | null {
  const target = pointer === "" || pointer === "/" ? [] : pointer.slice(1).split("/").map(unescapeToken);
  let i = 0;
  const found: { best: { start: number; end: number; depth: number } | null } = { best: null };

  const skipSpace = (): void => {
    while (i < text.length && /\s/.test(text.charAt(i))) i++;
  };
  const readString = (): string => {
    const start = i;
    if (text.charAt(i) !== '"') throw new Error("expected a string");
    i++;
    while (i < text.length && text.charAt(i) !== '"') i += text.charAt(i) === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const readValue = (depth: number, onPath: boolean): void => {
    skipSpace();
    const start = i;
    const open = text.charAt(i);
    if (open === "{" || open === "[") {
      const close = open === "{" ? "}" : "]";
      i++;
      for (let index = 0; ; index++) {
        skipSpace();
        if (text.charAt(i) === close || i >= text.length) break;
        const key = open === "{" ? readString() : String(index);
        if (open === "{") {
          skipSpace();
          i++; // ':'
        }
        readValue(depth + 1, onPath && target[depth] === key);
        skipSpace();
        if (text.charAt(i) !== ",") break;
        i++;
      }
      i++;
    } else if (open === '"') readString();
    else while (i < text.length && !/[\s,}\]]/.test(text.charAt(i))) i++;
    if (onPath && (found.best === null || depth > found.best.depth)) {
      found.best = { start, end: Math.min(text.length, depth === target.length ? i : start + 1), depth };
    }
  };

  try {
    readValue(0, true);
  } catch {
    // a malformed text: keep what was located before the fault
  }
  const { best } = found;
  if (best === null) return null;
  return { start: best.start, end: best.end, line: text.slice(0, best.start).split("\n").length };
}
