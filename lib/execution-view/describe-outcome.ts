import type { OutcomeExplanation, RunningState, TaskTimeoutKind } from "@/lib/history/explain-outcome";
import { describeScope } from "@/lib/format/describe-scope";
import { formatDuration } from "@/lib/format/format-duration";

/** How long a limit is, as a person reads it: `30 s`, `5 m 0 s`. */
const seconds = (s: number) => formatDuration(s * 1000);

function limit(kind: TaskTimeoutKind, timeoutSeconds: number | null, heartbeatSeconds: number | null): string {
  switch (kind) {
    case "TimeoutSeconds":
      return `its TimeoutSeconds${timeoutSeconds === null ? "" : ` (${seconds(timeoutSeconds)})`}`;
    case "HeartbeatSeconds":
      return `its HeartbeatSeconds${heartbeatSeconds === null ? "" : ` (no heartbeat for ${seconds(heartbeatSeconds)})`}`;
    case "unknown":
      return `TimeoutSeconds${timeoutSeconds === null ? "" : ` (${seconds(timeoutSeconds)})`} or HeartbeatSeconds${heartbeatSeconds === null ? "" : ` (${seconds(heartbeatSeconds)})`} — the history's times do not tell which`;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);

/** `Charge (Task)`, `Work (Task, 12 runs, first in Map "Items" iteration 0)`. */
export function describeRunning(running: readonly RunningState[]): string {
  const one = (r: RunningState) => {
    const where = r.scope.length ? `${r.runs > 1 ? "first " : ""}in ${describeScope(r.scope)}` : "";
    const extra = [r.stateType, r.runs > 1 ? `${r.runs} runs` : "", where].filter(Boolean).join(", ");
    return `${r.name} (${extra})`;
  };
  const shown = running.slice(0, 3).map(one);
  const more = running.length > 3 ? ` and ${running.length - 3} more` : "";
  return shown.length <= 1
    ? `${shown[0] ?? ""}${more}`
    : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}${more}`;
}

const since = (redrive: number) => (redrive === 0 ? "after it started" : `after redrive ${redrive} started`);

/**
 * The sentences the execution page shows for an ending its error does not explain (see
 * `explainOutcome`): which timeout fired and how often, what was running, who stopped it.
 */
export function describeOutcome(o: OutcomeExplanation): string[] {
  switch (o.kind) {
    case "task-timeout": {
      const where = o.scope.length ? ` (${describeScope(o.scope)})` : "";
      const hits = o.timedOut.map(
        (t) =>
          `${t.kind === "unknown" ? "" : "hit "}${limit(t.kind, o.timeoutSeconds, o.heartbeatSeconds)}${o.attempts > 1 || o.timedOut.length > 1 ? ` — ${t.attempts} of ${o.attempts} attempts` : ""}`,
      );
      const timedOut = o.timedOut.reduce((n, t) => n + t.attempts, 0);
      return [
        `${o.stateName}${where} timed out ${times(timedOut)}${o.attempts > 1 ? ` in ${o.attempts} attempts` : ""}: ${hits.join("; ")}.`,
      ];
    }
    case "execution-timeout": {
      const what =
        o.timeoutSeconds === null
          ? "The execution's time limit fired (the stored definition sets no TimeoutSeconds)"
          : `The state machine's TimeoutSeconds (${seconds(o.timeoutSeconds)}) fired`;
      const ran = o.ranMs === null ? "" : `, ${formatDuration(o.ranMs)} ${since(o.redrive)}`;
      const running = o.running.length
        ? `${describeRunning(o.running)} ${o.running.length === 1 && o.running[0]?.runs === 1 ? "was" : "were"} running then.`
        : "No state was running then (it timed out between states).";
      return [`${what}${ran}.`, running];
    }
    case "aborted": {
      const who =
        o.stoppedBy !== null
          ? `Stopped by ${o.stoppedBy} through Stepscope (StopExecution)`
          : "Stopped with StopExecution outside Stepscope (the history does not say by whom; CloudTrail's StopExecution record does)";
      const redrive = o.redrive > 0 ? ` during redrive ${o.redrive}` : "";
      const running = o.running.length
        ? `while ${describeRunning(o.running)} ${o.running.length === 1 && o.running[0]?.runs === 1 ? "was" : "were"} running.`
        : "between states (nothing was running).";
      const reason =
        o.error !== null || o.cause !== null
          ? [`Reason given: ${[o.error, o.cause].filter((x) => x !== null).join(" — ")}.`]
          : ["No reason was given (StopExecution's error and cause were empty)."];
      return [`${who}${redrive}, ${running}`, ...reason];
    }
    default: {
      const never: never = o;
      return never;
    }
  }
}
