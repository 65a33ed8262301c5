import type { StateMachineDefinition } from "@/lib/asl/types";
import { validateDefinition, type DefinitionError } from "@/lib/asl/validate-definition";
import { SfnError } from "./sfn-error";

/** AWS's diagnostic code of a fault: JSON that does not parse, or a definition that breaks the schema. */
export function diagnosticCode(error: DefinitionError): string {
  return error.path === "" && error.message.startsWith("not JSON")
    ? "INVALID_JSON_DESCRIPTION"
    : "SCHEMA_VALIDATION_FAILED";
}

/** A valid definition, else `InvalidDefinition` naming every fault and its path as AWS words it. */
export function checkDefinitionOrThrow(text: string): StateMachineDefinition {
  const validation = validateDefinition(text);
  if (validation.ok) return validation.definition;
  const faults = validation.errors.map((e) => `${diagnosticCode(e)}: ${e.message} at /${e.path.replace(/^\//, "")}`);
  throw new SfnError("InvalidDefinition", `Invalid State Machine Definition: '${faults.join(", ")}'`);
}
