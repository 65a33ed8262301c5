import type { JsonChange } from "./diff-json";
import type { PathDivergence, ReplayComparison, ReplayEnd, StateOutcomeChange } from "./compare-replay";

type PathSide = PathDivergence["recorded"];

/** At most this many outcome changes and output differences are named in one line; the rest are counted. */
const listed = 5;

const short = (value: unknown): string => {
  const text = value === undefined ? "absent" : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

function endText(end: ReplayEnd): string {
  if (end.error === null && end.cause === null) return end.status;
  return `${end.status} (${[end.error, end.cause].filter((x) => x !== null).join(": ")})`;
}

function outcomeText(c: StateOutcomeChange): string {
  const name = c.where === "" ? c.state : `${c.state} in ${c.where}`;
  return `${name} ${c.recorded ?? "not run"} → ${c.replayed ?? "not run"}`;
}

function changeText(c: JsonChange): string {
  const at = c.path === "" ? "(whole output)" : c.path;
  if (c.kind === "added") return `${at} added ${short(c.newValue)}`;
  if (c.kind === "removed") return `${at} removed (was ${short(c.oldValue)})`;
  return `${at} ${short(c.oldValue)} → ${short(c.newValue)}`;
}

function some<T>(items: readonly T[], text: (item: T) => string): string {
  const named = items.slice(0, listed).map(text).join(", ");
  return items.length > listed ? `${named} and ${items.length - listed} more` : named;
}

/**
 * One line saying what a replay changed, for the CLI and the web's results table:
 * `SUCCEEDED, 5 states: same path, outcomes and output` when nothing changed, or the parts that changed, `; `-separated: the execution's
 * end (`status SUCCEEDED → FAILED (States.TaskFailed: …)`), where the path first diverges
 * (`path diverges at step 3: Approve SUCCEEDED instead of ManualReview SUCCEEDED`), the states
 * whose outcome changed (`outcomes: ManualReview SUCCEEDED → not run, …`) and the output
 * difference by JSON Pointer (`output: /approvedBy "person" → "rule"`).
 */
export function describeReplayComparison(c: ReplayComparison): string {
  if (!c.changed)
    return `${c.replayed.status}, ${c.replayedSteps} state${c.replayedSteps === 1 ? "" : "s"}: same path, outcomes and output`;
  const parts: string[] = [];
  const r = endText(c.recorded);
  const p = endText(c.replayed);
  if (r !== p) parts.push(`status ${r} → ${p}`);
  const d = c.firstDivergence;
  if (d !== null) {
    const side = (s: PathSide) => (s === null ? "the end" : `${s.name} ${s.status}`);
    parts.push(`path diverges at step ${d.step}: ${side(d.replayed)} instead of ${side(d.recorded)}`);
  }
  if (c.outcomeChanges.length > 0) parts.push(`outcomes: ${some(c.outcomeChanges, outcomeText)}`);
  if (c.outputChanges.length > 0) parts.push(`output: ${some(c.outputChanges, changeText)}`);
  return parts.join("; ");
}
