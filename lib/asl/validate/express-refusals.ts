import { parseTaskResource } from "../task-resource";
import type { DefinitionError } from "./definition-error";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A Map state's `ItemProcessor.ProcessorConfig` runs its items as Express child executions. */
export function runsExpressChildren(state: unknown): boolean {
  if (!isRecord(state)) return false;
  const processor = state["ItemProcessor"];
  const config = isRecord(processor) ? processor["ProcessorConfig"] : undefined;
  return isRecord(config) && config["Mode"] === "DISTRIBUTED" && config["ExecutionType"] === "EXPRESS";
}

/**
 * What an Express workflow cannot run, with AWS's wording and the JSON Pointer of the `Resource`:
 * activities, and the `.sync` and `.waitForTaskToken` integration patterns (AWS refuses them at
 * `CreateStateMachine` of an Express state machine). `express` false checks only the item
 * processors of Distributed Maps whose children are Express (`ExecutionType: EXPRESS`), which a
 * Standard state machine may hold.
 */
export function findExpressRefusals(machine: unknown, express = true, at = ""): DefinitionError[] {
  if (!isRecord(machine) || !isRecord(machine["States"])) return [];
  const found: DefinitionError[] = [];
  for (const [name, state] of Object.entries(machine["States"])) {
    if (!isRecord(state)) continue;
    const path = `${at}/States/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    const resource = state["Resource"];
    if (express && state["Type"] === "Task" && typeof resource === "string") {
      const parsed = parseTaskResource(resource);
      const where = `${path}/Resource`;
      if (parsed.kind === "activity")
        found.push({ message: "Express state machine does not support Activity ARN", path: where });
      else if (parsed.kind === "service" && parsed.pattern !== "request-response")
        found.push({
          message: `Express state machine does not support '.${parsed.pattern}' service integration`,
          path: where,
        });
    }
    const branches = Array.isArray(state["Branches"]) ? state["Branches"] : [];
    for (const [i, branch] of branches.entries())
      found.push(...findExpressRefusals(branch, express, `${path}/Branches/${i}`));
    // An Express child runs under Express rules whatever its parent is.
    const childExpress = express || runsExpressChildren(state);
    for (const field of ["ItemProcessor", "Iterator"])
      found.push(
        ...findExpressRefusals(state[field], field === "ItemProcessor" ? childExpress : express, `${path}/${field}`),
      );
  }
  return found;
}
