import { findExpressRefusals } from "@/lib/asl/validate/express-refusals";
import { SfnError } from "./sfn-error";

/** What an Express workflow cannot run, and where (a JSON pointer into the definition). */
export interface ExpressFault {
  readonly message: string;
  readonly location: string;
}

/**
 * The first Task an Express workflow cannot run (an activity, a `.sync` or a `.waitForTaskToken`
 * integration), also inside a Distributed Map's Express children when `express` is false; the
 * rule itself is the interpreter's (`lib/asl/validate/express-refusals.ts`).
 */
export function findExpressFault(machine: unknown, express = true): ExpressFault | null {
  const [first] = findExpressRefusals(machine, express);
  return first === undefined ? null : { message: first.message, location: first.path };
}

/**
 * Refuses a definition an Express state machine (or a Distributed Map's Express children) cannot
 * run with `InvalidDefinition`, worded as for every other schema fault.
 */
export function checkExpressDefinitionOrThrow(definition: unknown, express = true): void {
  const fault = findExpressFault(definition, express);
  if (fault !== null)
    throw new SfnError(
      "InvalidDefinition",
      `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${fault.message} at ${fault.location}'`,
    );
}
