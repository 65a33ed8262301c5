/** The least of a state run that comparing two paths needs. */
export interface ComparableRun {
  readonly name: string;
  readonly status: string;
  readonly scope: readonly unknown[];
}

/** One position of the two top-level paths side by side; a side is null past the end of its path. */
export interface ComparedStep {
  readonly index: number;
  readonly left: { readonly name: string; readonly status: string } | null;
  readonly right: { readonly name: string; readonly status: string } | null;
  /** Same state name and same status at this position. */
  readonly same: boolean;
}

/** A state both executions ran (top level) whose final outcome differs. */
export interface OutcomeDifference {
  readonly name: string;
  /** The status of the state's last top-level run in each execution; null when it never ran there. */
  readonly left: string | null;
  readonly right: string | null;
}

export interface RunComparison {
  readonly steps: readonly ComparedStep[];
  /** The first position where name or status differ, or null when the paths are identical. */
  readonly firstDivergence: number | null;
  /** States whose outcome differs, in the order they first appear (left path first, then right). */
  readonly outcomeDifferences: readonly OutcomeDifference[];
}

const topLevel = (runs: readonly ComparableRun[]) =>
  runs.filter((r) => r.scope.length === 0).map((r) => ({ name: r.name, status: r.status }));

/**
 * Compares the top-level state runs (in entry order) of two executions: their sequences
 * position by position, the first position that differs, and every state whose last
 * outcome differs (including states only one execution reached).
 */
export function compareRuns(leftRuns: readonly ComparableRun[], rightRuns: readonly ComparableRun[]): RunComparison {
  const left = topLevel(leftRuns);
  const right = topLevel(rightRuns);
  const steps: ComparedStep[] = [];
  let firstDivergence: number | null = null;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i] ?? null;
    const r = right[i] ?? null;
    const same = l !== null && r !== null && l.name === r.name && l.status === r.status;
    if (!same && firstDivergence === null) firstDivergence = i;
    steps.push({ index: i, left: l, right: r, same });
  }
  const lastOutcome = (path: readonly { name: string; status: string }[]) => {
    const m = new Map<string, string>();
    for (const s of path) m.set(s.name, s.status);
    return m;
  };
  const lo = lastOutcome(left);
  const ro = lastOutcome(right);
  const order: string[] = [];
  for (const s of [...left, ...right]) if (!order.includes(s.name)) order.push(s.name);
  const outcomeDifferences = order
    .map((name) => ({ name, left: lo.get(name) ?? null, right: ro.get(name) ?? null }))
    .filter((d) => d.left !== d.right);
  return { steps, firstDivergence, outcomeDifferences };
}
