import { isJsonObject, type Json, type QueryLanguage } from "../types";
import { checkNumber, RANGES } from "./number-ranges";
import { JSONATA_ONLY, JSONPATH_ONLY, onlyFor } from "./state-fields";

type Add = (rel: readonly (string | number)[], message: string) => void;

const RETRIER_FIELDS = new Set([
  "ErrorEquals",
  "IntervalSeconds",
  "MaxAttempts",
  "BackoffRate",
  "MaxDelaySeconds",
  "JitterStrategy",
  "Comment",
]);
const CATCHER_FIELDS = new Set(["ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment"]);

/** `ErrorEquals`: present, non-empty, `States.ALL` alone and last. */
function checkErrorEquals(entry: Record<string, Json>, at: readonly (string | number)[], last: boolean, add: Add) {
  const names = entry["ErrorEquals"];
  if (names === undefined) return add(at, "These fields are required: [ErrorEquals]");
  if (!Array.isArray(names)) return add([...at, "ErrorEquals"], "Expected value of type Array");
  if (names.length === 0) return add([...at, "ErrorEquals"], "Value cannot be empty");
  if (names.includes("States.ALL") && (names.length > 1 || !last))
    add([...at, "ErrorEquals"], "States.ALL must appear alone and at end of list");
}

/** The fields of one retrier or catcher that its kind or the state's query language does not take. */
function checkEntryFields(
  entry: Record<string, Json>,
  at: readonly (string | number)[],
  allowed: ReadonlySet<string>,
  language: QueryLanguage,
  add: Add,
): void {
  for (const key of Object.keys(entry)) {
    if (!allowed.has(key)) add(at, `Field '${key}' is not supported`);
    else if (language === "JSONata" ? JSONPATH_ONLY.has(key) : JSONATA_ONLY.has(key)) add(at, onlyFor(language, key));
  }
}

/**
 * `Retry` and `Catch` of one state, with AWS's messages: each entry an object with `ErrorEquals`
 * (`States.ALL` alone and last), retriers' numbers in AWS's ranges and `JitterStrategy` NONE or
 * FULL, catchers' `Next` (checked by `checkTarget`).
 */
export function validateRetryCatch(
  state: Record<string, Json>,
  language: QueryLanguage,
  add: Add,
  checkTarget: (rel: readonly (string | number)[], target: Json | undefined) => void,
): void {
  for (const field of ["Retry", "Catch"] as const) {
    const list = state[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      add([field], "Expected value of type Array");
      continue;
    }
    list.forEach((entry, index) => {
      const at = [field, index];
      if (!isJsonObject(entry)) return add(at, "Expected value of type Object");
      checkErrorEquals(entry, at, index === list.length - 1, add);
      if (field === "Catch") {
        checkEntryFields(entry, at, CATCHER_FIELDS, language, add);
        if (entry["Next"] === undefined) add(at, "These fields are required: [Next]");
        else checkTarget([...at, "Next"], entry["Next"]);
        return;
      }
      checkEntryFields(entry, at, RETRIER_FIELDS, language, add);
      for (const name of ["BackoffRate", "MaxAttempts", "IntervalSeconds", "MaxDelaySeconds"] as const)
        checkNumber(entry[name], [...at, name], RANGES[name], false, add);
      const jitter = entry["JitterStrategy"];
      if (jitter !== undefined && jitter !== "FULL" && jitter !== "NONE")
        add([...at, "JitterStrategy"], "Value should be one of the following: [NONE, FULL]");
    });
  }
}
