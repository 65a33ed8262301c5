import type { AslHistoryEvent } from "../types";

/** Task results a replay answers Tasks with: each needs its `output` (execution data). */
const RESULT_EVENTS: ReadonlySet<string> = new Set(["TaskSucceeded", "LambdaFunctionSucceeded", "ActivitySucceeded"]);

const detailsOf = (event: AslHistoryEvent): Record<string, unknown> | undefined =>
  Object.entries(event).find(([key]) => key.endsWith("EventDetails"))?.[1] as Record<string, unknown> | undefined;

/**
 * What an Express execution's log records lack for a local replay (empty: enough), each said
 * plainly: the log level left out `ExecutionStarted` and the states (ERROR and FATAL log only
 * failures), or `includeExecutionData` false left out the input and the Task results the replay
 * answers its Tasks with. `inputGiven`: the caller gives the input, so its absence is no gap.
 */
export function expressReplayGaps(events: readonly AslHistoryEvent[], inputGiven = false): string[] {
  const gaps: string[] = [];
  const started = events.find((e) => e.type === "ExecutionStarted");
  const max = Math.max(0, ...events.map((e) => e.id));
  if (started === undefined || events.length < max) {
    gaps.push(
      `the log holds ${events.length} of the execution's ${max} events${started === undefined ? ", not its ExecutionStarted" : ""}: its log level (ERROR or FATAL) kept only failures, so the states it ran and their Task results are unknown; replaying needs level ALL`,
    );
  }
  if (!inputGiven && started !== undefined && typeof detailsOf(started)?.["input"] !== "string")
    gaps.push(
      `ExecutionStarted (event ${started.id}) has no input: the logging configuration's includeExecutionData was false; give the input to replay with`,
    );
  const blind = events.filter((e) => RESULT_EVENTS.has(e.type) && typeof detailsOf(e)?.["output"] !== "string");
  if (blind.length > 0)
    gaps.push(
      `${blind.length} Task result${blind.length === 1 ? " has" : "s have"} no output (${blind
        .slice(0, 3)
        .map((e) => `${e.type} event ${e.id}`)
        .join(
          ", ",
        )}${blind.length > 3 ? ", …" : ""}): includeExecutionData was false, so the replay has nothing to answer those Tasks with`,
    );
  return gaps;
}
