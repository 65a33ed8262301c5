import type { PathScope } from "../intrinsics";
import type { JsonObject } from "../types";
import { numberField } from "./path-field";

/** `ToleratedFailureCount(Path)`: a non-negative integer (integer text too), default 0; else `States.Runtime`. */
export function toleratedCount(state: JsonObject, scope: PathScope): number {
  return (
    numberField(
      "ToleratedFailureCountPath",
      state["ToleratedFailureCount"],
      state["ToleratedFailureCountPath"],
      scope,
    ) ?? 0
  );
}

/** `ToleratedFailurePercentage(Path)`: 0–100 (number text too), default 0; else `States.Runtime`. */
export function toleratedPercentage(state: JsonObject, scope: PathScope): number {
  return (
    numberField(
      "ToleratedFailurePercentagePath",
      state["ToleratedFailurePercentage"],
      state["ToleratedFailurePercentagePath"],
      scope,
    ) ?? 0
  );
}
