import { pointer, type DefinitionError } from "./validate/definition-error";
import { checkNumber, RANGES } from "./validate/number-ranges";
import { BRANCH_FIELDS, MACHINE_FIELDS, PROCESSOR_FIELDS } from "./validate/state-fields";
import { validateState, type StateContext } from "./validate/validate-state";
import { isJsonObject, type Json, type JsonObject, type QueryLanguage, type StateMachineDefinition } from "./types";

export type { DefinitionError, DiagnosticCode } from "./validate/definition-error";
export { formatDefinitionError } from "./validate/definition-error";

/** A validated definition, or every fault found. */
export type DefinitionResult =
  | { readonly ok: true; readonly definition: StateMachineDefinition }
  | { readonly ok: false; readonly errors: readonly DefinitionError[] };

type Path = readonly (string | number)[];
type MachineKind = "root" | "branch" | "processor";

const FIELDS_OF: Readonly<Record<MachineKind, ReadonlySet<string>>> = {
  root: MACHINE_FIELDS,
  branch: BRANCH_FIELDS,
  processor: PROCESSOR_FIELDS,
};

/**
 * Parses and validates an ASL definition (text or an already-parsed value) the way AWS does at
 * CreateStateMachine, with AWS's messages where they are known: `StartAt`, `States`, state
 * `Type`s, the fields each type supports and each query language allows, transition targets,
 * a terminal state, reachability, numeric fields in AWS's ranges, Task `Resource` ARNs,
 * `Retry`/`Catch`, JSONPath and intrinsic syntax, JSONata syntax. Each error names its JSON
 * Pointer path (see {@link DefinitionError}).
 */
export function validateDefinition(source: string | unknown): DefinitionResult {
  let value: unknown = source;
  if (typeof source === "string") {
    try {
      value = JSON.parse(source) as unknown;
    } catch (err) {
      const message = `not JSON: ${err instanceof Error ? err.message : String(err)}`;
      return { ok: false, errors: [{ path: "", message, code: "INVALID_JSON_DESCRIPTION" }] };
    }
  }
  const errors: DefinitionError[] = [];
  if (!isJsonObject(value as Json))
    return { ok: false, errors: [{ path: "", message: "a definition must be a JSON object" }] };
  const root = value as JsonObject;
  const rootLanguage = root["QueryLanguage"] ?? "JSONPath";
  if (rootLanguage !== "JSONPath" && rootLanguage !== "JSONata")
    errors.push({ path: "/QueryLanguage", message: "Value should be one of the following: [JSONPath, JSONata]" });
  if (root["Version"] !== undefined && root["Version"] !== "1.0")
    errors.push({ path: "/Version", message: "Value should be one of the following: [1.0]" });
  const language: QueryLanguage = rootLanguage === "JSONata" ? "JSONata" : "JSONPath";
  validateMachine(root, [], "root", language, errors);
  checkNumber(root["TimeoutSeconds"], ["TimeoutSeconds"], RANGES.MachineTimeoutSeconds, false, (rel, message) =>
    errors.push({ path: pointer(rel), message }),
  );
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, definition: root as unknown as StateMachineDefinition };
}

/**
 * A machine, a Parallel branch or a Map's processor. Nested states inherit the machine's
 * top-level QueryLanguage, not their Parallel's or Map's (as AWS resolves it).
 */
function validateMachine(
  machine: JsonObject,
  at: Path,
  kind: MachineKind,
  rootLanguage: QueryLanguage,
  errors: DefinitionError[],
): void {
  for (const key of Object.keys(machine))
    if (!FIELDS_OF[kind].has(key)) errors.push({ path: pointer(at), message: `Field '${key}' is not supported` });
  const states = machine["States"];
  if (!isJsonObject(states)) {
    const message = states === undefined ? "These fields are required: [States]" : "Expected value of type Object";
    errors.push({ path: pointer(states === undefined ? at : [...at, "States"]), message });
    return;
  }
  const names = new Set(Object.keys(states));
  const startAt = machine["StartAt"];
  if (startAt === undefined) errors.push({ path: pointer(at), message: "These fields are required: [StartAt]" });
  else if (typeof startAt !== "string")
    errors.push({ path: pointer([...at, "StartAt"]), message: "Expected value of type String" });
  else if (!names.has(startAt))
    errors.push({
      path: pointer([...at, "StartAt"]),
      message: `Missing 'Next' target: ${startAt}`,
      code: "MISSING_TRANSITION_TARGET",
    });
  const context: StateContext = {
    names,
    rootLanguage,
    errors,
    validateMachine: (nested, nestedAt, nestedKind) =>
      validateMachine(nested, nestedAt, nestedKind, rootLanguage, errors),
  };
  const edges = new Map<string, string[]>();
  let terminal = false;
  for (const [name, state] of Object.entries(states)) {
    const statePath = [...at, "States", name];
    if (!isJsonObject(state)) {
      errors.push({ path: pointer(statePath), message: "Expected value of type Object" });
      continue;
    }
    terminal ||= state["End"] === true || state["Type"] === "Succeed" || state["Type"] === "Fail";
    edges.set(name, validateState(state, statePath, context));
  }
  if (!terminal && names.size > 0) {
    errors.push({ path: pointer(at), message: "Workflow has no terminal state", code: "MISSING_END_STATE" });
    return;
  }
  if (typeof startAt === "string" && names.has(startAt)) reportUnreachable(startAt, names, edges, at, errors);
}

/** Every state no path from `StartAt` reaches: AWS's `State "C" is not reachable.` */
function reportUnreachable(
  startAt: string,
  names: ReadonlySet<string>,
  edges: ReadonlyMap<string, readonly string[]>,
  at: Path,
  errors: DefinitionError[],
): void {
  const seen = new Set<string>([startAt]);
  const queue = [startAt];
  for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
    for (const next of edges.get(current) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  for (const name of names)
    if (!seen.has(name))
      errors.push({
        path: pointer([...at, "States", name]),
        message: `State "${name}" is not reachable.`,
        code: "MISSING_TRANSITION_TARGET",
      });
}
