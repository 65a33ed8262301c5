import { awsHistoryLimits } from "./aws-history-limits";
import { HistoryInputError } from "./history-input-error";
import type { InputLocation } from "./types";

/** Limits {@link scanJsonShape} enforces; default {@link awsHistoryLimits}. */
export interface JsonShapeLimits {
  readonly maxJsonDepth: number;
  readonly maxEvents: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * One pass over a JSON text (or JSON Lines) before `JSON.parse` builds anything: refuses
 * nesting deeper than `maxJsonDepth` (a 100,000-deep document would exhaust the stack of
 * every recursive reader after the parser) and an events array — the top-level array, or
 * the top-level object's `events` — with more than `maxEvents` elements (AWS's 25,000), so
 * a history of 673,120 events is refused at its 25,001st instead of taking gigabytes.
 * It does not validate the JSON; `JSON.parse` does that next. Iterative, O(length).
 * @throws {HistoryInputError} at the line and column of the fault.
 */
export function scanJsonShape(
  text: string,
  file: string | undefined,
  limits: JsonShapeLimits = awsHistoryLimits,
): void {
  let depth = 0;
  // Depth whose direct children are events (-1: not found yet, -2: closed).
  let eventsDepth = -1;
  let eventsPath = "";
  let count = 0;
  let expectValue = false;
  let lastKey: string | null = null;
  let lastStringStart = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      i = text.indexOf('"', i + 1);
      // A quote preceded by an odd run of backslashes is escaped: keep looking.
      while (i !== -1 && isEscaped(text, i)) i = text.indexOf('"', i + 1);
      if (i === -1) return;
      lastStringStart = start;
      if (depth === eventsDepth && expectValue) count = countEvent(text, start, count, eventsPath, limits, file);
      expectValue = false;
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (depth === eventsDepth && expectValue) count = countEvent(text, i, count, eventsPath, limits, file);
      expectValue = false;
      depth++;
      if (depth > limits.maxJsonDepth) {
        throw new HistoryInputError(
          at(text, i, file),
          `nested deeper than ${limits.maxJsonDepth} levels (an AWS history nests a few)`,
        );
      }
      if (c === 0x5b && eventsDepth === -1 && (depth === 1 || (depth === 2 && lastKey === "events"))) {
        eventsDepth = depth;
        eventsPath = depth === 1 ? "" : "/events";
        expectValue = true;
      }
      continue;
    }
    if (c === 0x7d || c === 0x5d) {
      if (depth === eventsDepth) eventsDepth = -2;
      depth = Math.max(0, depth - 1);
      expectValue = false;
      continue;
    }
    if (c === COLON) {
      if (depth === 1 && lastStringStart >= 0)
        lastKey = text
          .slice(lastStringStart + 1, i)
          .trim()
          .replace(/"$/, "");
      continue;
    }
    if (c === COMMA) {
      if (depth === eventsDepth) expectValue = true;
      continue;
    }
    if (c <= 0x20) continue;
    // A number or literal element.
    if (depth === eventsDepth && expectValue) count = countEvent(text, i, count, eventsPath, limits, file);
    expectValue = false;
  }
}

function isEscaped(text: string, quote: number): boolean {
  let k = quote - 1;
  while (k >= 0 && text.charCodeAt(k) === BACKSLASH) k--;
  return (quote - 1 - k) % 2 === 1;
}

function countEvent(
  text: string,
  offset: number,
  count: number,
  path: string,
  limits: JsonShapeLimits,
  file: string | undefined,
): number {
  const next = count + 1;
  if (next > limits.maxEvents) {
    throw new HistoryInputError(
      { ...at(text, offset, file), path: `${path}/${count}` },
      `more than ${limits.maxEvents.toLocaleString("en-US")} events: AWS caps an execution history at ${limits.maxEvents.toLocaleString("en-US")}`,
    );
  }
  return next;
}

function at(text: string, offset: number, file: string | undefined): InputLocation {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { ...(file === undefined ? {} : { file }), line, column: offset - lineStart + 1 };
}
