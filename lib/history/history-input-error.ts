import type { InputLocation } from "./types";

/**
 * Formats an {@link InputLocation} the way refusals are printed:
 * `runs/x.json: line 3, column 5` or `runs/x.json: event 7 (/events/6/timestamp)`.
 * Unknown parts are left out; an empty location gives `input`.
 */
export function formatInputLocation(location: InputLocation): string {
  const parts: string[] = [];
  if (location.line !== undefined) {
    parts.push(
      location.column !== undefined ? `line ${location.line}, column ${location.column}` : `line ${location.line}`,
    );
  }
  if (location.eventId !== undefined) parts.push(`event ${location.eventId}`);
  const where = parts.join(", ");
  const pointer = location.path !== undefined && location.path !== "" ? `(${location.path})` : "";
  const place = [where, pointer].filter((p) => p !== "").join(" ");
  const file = location.file ?? "input";
  return place === "" ? file : `${file}: ${place}`;
}

/**
 * A history input that cannot be imported: not JSON, the wrong shape, or events that break
 * AWS's invariants (`id` ascending and unique, `previousEventId` pointing back, one
 * `*EventDetails` member). `location` names the file, line, event `id` and JSON Pointer
 * that are known; `problem` says what is wrong there. The message joins both, e.g.
 * `runs/x.json: event 7 (/events/6/timestamp): expected an ISO-8601 timestamp`.
 */
export class HistoryInputError extends Error {
  readonly location: InputLocation;
  readonly problem: string;

  constructor(location: InputLocation, problem: string) {
    // Control characters and lone surrogates in a path or file name are written as escapes:
    // the message is printed, answered and audited (Postgres's jsonb would refuse them).
    const printable: InputLocation = {
      ...location,
      ...(location.file === undefined ? {} : { file: escapeUnprintable(location.file) }),
      ...(location.path === undefined ? {} : { path: escapeUnprintable(location.path) }),
    };
    super(`${formatInputLocation(printable)}: ${problem}`);
    this.name = "HistoryInputError";
    this.location = printable;
    this.problem = problem;
  }
}

// eslint-disable-next-line no-control-regex -- control characters are shown escaped in messages: matching them is the point.
const UNPRINTABLE = /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function escapeUnprintable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
