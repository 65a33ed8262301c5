import { validateDefinition, type DefinitionResult } from "../validate-definition";
import { findExpressRefusals } from "../validate/express-refusals";
import type { StateMachineType } from "./express-execution";

/**
 * {@link validateDefinition}, then what a state machine of `type` cannot run: an Express one
 * refuses activities, `.sync` and `.waitForTaskToken` integrations (AWS's messages, each with the
 * JSON Pointer of its `Resource`); either type refuses them inside a Distributed Map whose
 * children are Express (`ProcessorConfig.ExecutionType: EXPRESS`).
 */
export function validateDefinitionFor(source: string | unknown, type: StateMachineType): DefinitionResult {
  const validation = validateDefinition(source);
  if (!validation.ok) return validation;
  const errors = findExpressRefusals(validation.definition, type === "EXPRESS");
  return errors.length === 0 ? validation : { ok: false, errors };
}
