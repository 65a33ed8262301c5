import { readParameterPath } from "./read-io-path";
import type { PathScope } from "../intrinsics";
import { StatesError } from "../states-error";
import type { Json, JsonObject } from "../types";

/** `ToleratedFailureCount(Path)`: a non-negative integer, default 0. */
export function toleratedCount(state: JsonObject, scope: PathScope): number {
  let value: Json | undefined = state["ToleratedFailureCount"];
  const path = state["ToleratedFailureCountPath"];
  if (typeof path === "string") {
    value = readParameterPath(path, scope, "ToleratedFailureCountPath");
    // AWS parses integer text too ("1").
    if (typeof value === "string" && /^-?\d+$/.test(value)) value = Number(value);
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new StatesError(
        "States.Runtime",
        `The ToleratedFailureCountPath field refers to value "${typeof value === "string" ? value : JSON.stringify(value)}" which is not a valid integer: ${path}`,
      );
    }
  }
  if (typeof value !== "number") return 0;
  if (value < 0) throw new StatesError("States.Runtime", "ToleratedFailureCount cannot be negative.");
  return value;
}

/** `ToleratedFailurePercentage(Path)`: 0–100, default 0. */
export function toleratedPercentage(state: JsonObject, scope: PathScope): number {
  let value: Json | undefined = state["ToleratedFailurePercentage"];
  const path = state["ToleratedFailurePercentagePath"];
  if (typeof path === "string") {
    value = readParameterPath(path, scope, "ToleratedFailurePercentagePath");
    if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value)) value = Number(value);
    if (typeof value !== "number") {
      throw new StatesError(
        "States.Runtime",
        `The ToleratedFailurePercentagePath field refers to value "${typeof value === "string" ? value : JSON.stringify(value)}" which is not a valid float: ${path}`,
      );
    }
  }
  if (typeof value !== "number") return 0;
  if (value < 0 || value > 100)
    throw new StatesError("States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.");
  return value;
}
