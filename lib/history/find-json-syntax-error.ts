/** The first syntax fault of a JSON text: 1-based `line` and `column`, and what was expected. */
export interface JsonSyntaxFault {
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

class Fault extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/**
 * Scans `text` as RFC 8259 JSON and returns where it first goes wrong, or null when it is
 * valid. Engines word (and place) `JSON.parse` errors differently, so the position is
 * found here; call it only after `JSON.parse` failed (it is a second pass).
 */
export function findJsonSyntaxError(text: string): JsonSyntaxFault | null {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const expect = (what: string): never => {
    throw new Fault(
      i,
      i >= text.length
        ? `unexpected end of input, expected ${what}`
        : `unexpected ${JSON.stringify(text.charAt(i))}, expected ${what}`,
    );
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else expect("a JSON value");
  };
  const string = (): void => {
    i++;
    while (i < text.length && text.charAt(i) !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) expect("a closing quote");
      if (text.charAt(i) === "\\") {
        i++;
        if (text.charAt(i) === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) expect("a \\u escape");
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text.charAt(i)) || i >= text.length) expect("an escape");
      }
      i++;
    }
    if (i >= text.length) expect("a closing quote");
    i++;
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) expect("a JSON value");
    else i += m[0].length;
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === "{") return container("}", true);
    if (c === "[") return container("]", false);
    if (c === '"') return string();
    if (c === "t") return literal("true");
    if (c === "f") return literal("false");
    if (c === "n") return literal("null");
    return number();
  };
  const container = (close: string, isObject: boolean): void => {
    i++;
    ws();
    if (text.charAt(i) === close) {
      i++;
      return;
    }
    for (;;) {
      if (isObject) {
        ws();
        if (text.charAt(i) !== '"') expect("a double-quoted property name");
        string();
        ws();
        if (text.charAt(i) !== ":") expect("':'");
        i++;
      }
      value();
      ws();
      if (text.charAt(i) === ",") {
        i++;
        continue;
      }
      if (text.charAt(i) === close) {
        i++;
        return;
      }
      expect(`',' or '${close}'`);
    }
  };
  try {
    value();
    ws();
    if (i < text.length) expect("end of input");
    return null;
  } catch (error) {
    if (!(error instanceof Fault)) throw error;
    const before = text.slice(0, error.offset);
    const line = before.split("\n").length;
    return { line, column: error.offset - before.lastIndexOf("\n"), problem: error.problem };
  }
}
