import type { Json } from "@/lib/asl/types";
import type { AssignedVariable, KnownContext } from "./data-flow-types";
import type { RunEvent } from "./state-run-detail-types";

/* The values a state run's own events recorded: its input, what it sent, its result, its output, its Assign. */

/** A value the events do not tell (missing or truncated). */
export const absent = Symbol("absent");
export type Maybe = Json | typeof absent;

/** The details object of an event (`taskScheduledEventDetails`, …); null when it has none. */
export function detailsOf(e: RunEvent | undefined): Record<string, unknown> | null {
  if (!e || typeof e.details !== "object" || e.details === null) return null;
  for (const v of Object.values(e.details as Record<string, unknown>))
    if (typeof v === "object" && v !== null) return v as Record<string, unknown>;
  return null;
}

/** A recorded payload (a JSON string as AWS sends it, or a value already parsed); absent when missing or truncated. */
export function payload(details: Record<string, unknown> | null, field: string): Maybe {
  if (!details || !(field in details)) return absent;
  const flags = details[`${field}Details`];
  if (typeof flags === "object" && flags !== null && (flags as { truncated?: unknown }).truncated === true)
    return absent;
  const raw = details[field];
  if (typeof raw !== "string") return (raw ?? null) as Json;
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return raw;
  }
}

export const isEntered = (t: string) => t.endsWith("StateEntered");
export const isExited = (t: string) => t.endsWith("StateExited");
/** Events carrying what the state sent to its resource (`parameters`/`input`) and what came back (`output`). */
export const scheduledTypes = new Set(["TaskScheduled", "LambdaFunctionScheduled", "ActivityScheduled"]);
export const succeededTypes = new Set(["TaskSucceeded", "LambdaFunctionSucceeded", "ActivitySucceeded"]);

/** The variables the run assigned, from `StateExited.assignedVariables` (JSON strings, parsed where they parse). */
export function assignedVariables(exited: Record<string, unknown> | null): AssignedVariable[] {
  const raw = exited?.["assignedVariables"];
  if (typeof raw !== "object" || raw === null) return [];
  return Object.entries(raw as Record<string, unknown>).map(([name, v]) => {
    if (typeof v !== "string") return { name, value: v };
    try {
      return { name, value: JSON.parse(v) as unknown };
    } catch {
      return { name, value: v };
    }
  });
}

/**
 * The context object (`$$`) as far as the events tell it exactly: the execution's id, name
 * and start, the state's name and entry (from its `*StateEntered` event, `entered`) and the
 * state machine when known. A path into anything else is unknown, never a guess.
 */
export function knownContextObject(context: KnownContext, entered: RunEvent | undefined): Json {
  const enteredDetails = detailsOf(entered);
  return {
    Execution: { Id: context.executionArn, Name: context.executionName, StartTime: context.executionStartTime },
    State: {
      Name: typeof enteredDetails?.["name"] === "string" ? enteredDetails["name"] : "",
      EnteredTime: entered?.timestamp ?? "",
    },
    ...(context.stateMachineArn
      ? { StateMachine: { Id: context.stateMachineArn, Name: context.stateMachineName ?? "" } }
      : {}),
  };
}
