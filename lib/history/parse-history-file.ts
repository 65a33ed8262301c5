import { checkAwsHistory } from "./check-aws-history";
import { decodeHistoryBytes } from "./decode-history-bytes";
import { eventPlaces } from "./event-places";
import { findJsonSyntaxError } from "./find-json-syntax-error";
import { findUnstorableString } from "./find-unstorable-string";
import { HistoryInputError } from "./history-input-error";
import { identityFromArn } from "./identity-from-arn";
import { parseBundle } from "./parse-bundle";
import { parseExpressLogRecords } from "./parse-express-log-records";
import { parseHistoryEvents } from "./parse-history-events";
import { scanJsonShape } from "./scan-json-shape";
import { synthesizeIdentity } from "./synthesize-identity";
import type { InputLocation, ParsedExecution } from "./types";

/** Options of {@link parseHistoryFile}. */
export interface ParseHistoryFileOptions {
  /** Shown in errors; its base name names synthesised executions. */
  readonly fileName?: string;
  /** Identity of a bare `{"events": [...]}` file (`--execution-arn`); ignored for bundles and log records. */
  readonly executionArn?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Parses a history file in any shape `stepscope import` accepts:
 * (a) `aws stepfunctions get-execution-history` output `{"events": [...], "nextToken"?}`
 * (identity from `options.executionArn`, else synthesised from the file name and content);
 * (b) a bundle `{"execution", "stateMachine"?, "events"}`;
 * (c) Express CloudWatch log records, one JSON object a line (several executions possible).
 * `input` is the file's text, or its bytes (UTF-8; anything else is refused). A leading
 * byte order mark is ignored.
 *
 * Everything is checked before anything is returned, so a store never meets a value it
 * refuses halfway through a file: nesting and the event count before `JSON.parse` builds
 * the document (see `scanJsonShape`), strings Postgres cannot hold (NUL, lone surrogates),
 * ids above 2³¹ − 1, timestamps outside the years 1–9999, and what no AWS history can be
 * (see `checkAwsHistory`). What is accepted with a repair is in each execution's `warnings`
 * (text, unlike bytes, is taken as decoded: a U+FFFD in it is warned about).
 * Returns one {@link ParsedExecution} per execution, events in canonical form.
 * @throws {HistoryInputError} naming file, line/column or event `id` and JSON Pointer.
 */
export function parseHistoryFile(input: string | Uint8Array, options: ParseHistoryFileOptions = {}): ParsedExecution[] {
  const parsed = parseText(input, options);
  const replaced = typeof input === "string" ? replacementWarning(input) : null;
  return replaced === null ? parsed : parsed.map((p) => ({ ...p, warnings: [replaced, ...(p.warnings ?? [])] }));
}

/**
 * Text handed over already decoded may have had its non-UTF-8 bytes replaced by U+FFFD on
 * the way (`Blob#text()` does that); bytes are checked exactly, text can only be flagged.
 */
function replacementWarning(text: string): string | null {
  const at = text.indexOf("\ufffd");
  if (at === -1) return null;
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  return `line ${line}, column ${at - before.lastIndexOf("\n")}: U+FFFD (replacement character): if the file was not UTF-8, bytes were replaced while reading it`;
}

function parseText(input: string | Uint8Array, options: ParseHistoryFileOptions): ParsedExecution[] {
  const file = options.fileName;
  const where: InputLocation = file === undefined ? {} : { file };
  const decoded = typeof input === "string" ? input : decodeHistoryBytes(input, file);
  // A BOM left in a string (read as text by something other than `decodeHistoryBytes`) is not JSON.
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  if (text.trim() === "") throw new HistoryInputError(where, "empty file");
  scanJsonShape(text, file);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    if (looksLikeJsonLines(text)) return parseExpressLogRecords(text, file);
    const fault = findJsonSyntaxError(text);
    throw new HistoryInputError(
      { ...where, line: fault?.line ?? 1, column: fault?.column ?? 1 },
      `not valid JSON: ${fault?.problem ?? "syntax error"}`,
    );
  }
  if (isRecord(document) && "execution_arn" in document) return parseExpressLogRecords(text, file);
  refuseUnstorable(document, where);
  if (isRecord(document) && "execution" in document) return [parseBundle(document, file)];
  if (isRecord(document) && "events" in document) {
    if (!Array.isArray(document["events"]))
      throw new HistoryInputError({ ...where, path: "/events" }, "expected `events` to be an array");
    return [fromEvents(document["events"], { ...where, path: "/events" }, options)];
  }
  if (Array.isArray(document)) return [fromEvents(document, { ...where, path: "" }, options)];
  throw new HistoryInputError(
    { ...where, path: "" },
    'expected {"events": [...]}, a bundle {"execution", "events"} or Express log records',
  );
}

/** Refuses the first string Postgres cannot store, naming the event it is in when it is in one. */
function refuseUnstorable(document: unknown, where: InputLocation): void {
  const found = findUnstorableString(document);
  if (found === null) return;
  const match = /^(\/events)?\/(\d+)(\/|$)/.exec(found.path);
  const events = Array.isArray(document) ? document : isRecord(document) ? document["events"] : undefined;
  const event: unknown =
    match !== null && Array.isArray(events) && (match[1] !== undefined || Array.isArray(document))
      ? events[Number(match[2])]
      : undefined;
  const id = isRecord(event) ? event["id"] : undefined;
  throw new HistoryInputError(
    { ...where, ...(typeof id === "number" ? { eventId: id } : {}), path: found.path },
    found.problem,
  );
}

function looksLikeJsonLines(text: string): boolean {
  const first = text.split("\n").find((line) => line.trim() !== "") ?? "";
  try {
    const value: unknown = JSON.parse(first);
    return isRecord(value) && "execution_arn" in value;
  } catch {
    return false;
  }
}

function fromEvents(raw: readonly unknown[], where: InputLocation, options: ParseHistoryFileOptions): ParsedExecution {
  const events = parseHistoryEvents(raw, where);
  const arnPlace: InputLocation = { ...(options.fileName === undefined ? {} : { file: options.fileName }) };
  const identity =
    options.executionArn === undefined
      ? synthesizeIdentity(options.fileName, events)
      : identityFromArn(options.executionArn, arnPlace);
  const parsed: ParsedExecution = { identity, stateMachine: null, events };
  const warnings = checkAwsHistory(parsed, { event: eventPlaces(raw, events, where), executionArn: arnPlace });
  return warnings.length === 0 ? parsed : { ...parsed, warnings };
}
