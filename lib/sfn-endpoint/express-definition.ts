import { parseTaskResource } from "@/lib/asl/task-resource";
import { SfnError } from "./sfn-error";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What an Express workflow cannot run, and where (a JSON pointer into the definition). */
export interface ExpressFault {
  readonly message: string;
  readonly location: string;
}

/** The first Task an Express workflow cannot run: an activity, a `.sync` or a `.waitForTaskToken` integration. */
export function findExpressFault(machine: unknown, at = ""): ExpressFault | null {
  if (!isRecord(machine) || !isRecord(machine["States"])) return null;
  for (const [name, state] of Object.entries(machine["States"])) {
    if (!isRecord(state)) continue;
    const path = `${at}/States/${name}`;
    const resource = state["Resource"];
    if (state["Type"] === "Task" && typeof resource === "string") {
      const parsed = parseTaskResource(resource);
      const location = `${path}/Resource`;
      if (parsed.kind === "activity")
        return { message: "Express state machine does not support Activity ARN", location };
      if (parsed.kind === "service" && parsed.pattern !== "request-response")
        return { message: `Express state machine does not support '.${parsed.pattern}' service integration`, location };
    }
    const branches = Array.isArray(state["Branches"]) ? state["Branches"] : [];
    for (const [i, branch] of branches.entries()) {
      const fault = findExpressFault(branch, `${path}/Branches/${i}`);
      if (fault !== null) return fault;
    }
    for (const field of ["ItemProcessor", "Iterator"]) {
      const fault = findExpressFault(state[field], `${path}/${field}`);
      if (fault !== null) return fault;
    }
  }
  return null;
}

/**
 * Refuses a definition an Express state machine cannot run (AWS: Express workflows support
 * neither activities nor the `.sync` and `.waitForTaskToken` integration patterns) with
 * `InvalidDefinition`, worded as for every other schema fault.
 */
export function checkExpressDefinitionOrThrow(definition: unknown): void {
  const fault = findExpressFault(definition);
  if (fault !== null)
    throw new SfnError(
      "InvalidDefinition",
      `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${fault.message} at ${fault.location}'`,
    );
}
