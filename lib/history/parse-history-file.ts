import { findJsonSyntaxError } from "./find-json-syntax-error";
import { HistoryInputError } from "./history-input-error";
import { identityFromArn } from "./identity-from-arn";
import { parseBundle } from "./parse-bundle";
import { parseExpressLogRecords } from "./parse-express-log-records";
import { parseHistoryEvents } from "./parse-history-events";
import { synthesizeIdentity } from "./synthesize-identity";
import type { InputLocation, ParsedExecution } from "./types";

/** Options of {@link parseHistoryFile}. */
export interface ParseHistoryFileOptions {
  /** Shown in errors; its base name names synthesised executions. */
  readonly fileName?: string;
  /** Identity of a bare `{"events": [...]}` file (`--execution-arn`); ignored for bundles and log records. */
  readonly executionArn?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Parses a history file in any shape `stepscope import` accepts:
 * (a) `aws stepfunctions get-execution-history` output `{"events": [...], "nextToken"?}`
 * (identity from `options.executionArn`, else synthesised from the file name and content);
 * (b) a bundle `{"execution", "stateMachine"?, "events"}`;
 * (c) Express CloudWatch log records, one JSON object a line (several executions possible).
 * Returns one {@link ParsedExecution} per execution, events in canonical form.
 * @throws {HistoryInputError} naming file, line/column or event `id` and JSON Pointer.
 */
export function parseHistoryFile(text: string, options: ParseHistoryFileOptions = {}): ParsedExecution[] {
  const file = options.fileName;
  const where: InputLocation = file === undefined ? {} : { file };
  if (text.trim() === "") throw new HistoryInputError(where, "empty file");
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    if (looksLikeJsonLines(text)) return parseExpressLogRecords(text, file);
    const fault = findJsonSyntaxError(text);
    throw new HistoryInputError({ ...where, line: fault?.line ?? 1, column: fault?.column ?? 1 }, `not valid JSON: ${fault?.problem ?? "syntax error"}`);
  }
  if (isRecord(document) && "execution" in document) return [parseBundle(document, file)];
  if (isRecord(document) && "execution_arn" in document) return parseExpressLogRecords(text, file);
  if (isRecord(document) && "events" in document) {
    if (!Array.isArray(document["events"])) throw new HistoryInputError({ ...where, path: "/events" }, "expected `events` to be an array");
    return [fromEvents(document["events"], { ...where, path: "/events" }, options)];
  }
  if (Array.isArray(document)) return [fromEvents(document, { ...where, path: "" }, options)];
  throw new HistoryInputError({ ...where, path: "" }, 'expected {"events": [...]}, a bundle {"execution", "events"} or Express log records');
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
  const identity = options.executionArn === undefined
    ? synthesizeIdentity(options.fileName, events)
    : identityFromArn(options.executionArn, { ...(options.fileName === undefined ? {} : { file: options.fileName }) });
  return { identity, stateMachine: null, events };
}
