import type { RunComparison } from "@/lib/execution-view/compare-runs";

/** The two top-level paths side by side, the first differing position marked, then states whose outcome differs. */
export function PathComparison({
  comparison,
  leftLabel,
  rightLabel,
}: {
  comparison: RunComparison;
  leftLabel: string;
  rightLabel: string;
}) {
  const { steps, firstDivergence, outcomeDifferences } = comparison;
  return (
    <section aria-labelledby="compare-paths-heading" data-testid="compare-paths">
      <h2 id="compare-paths-heading" className="mb-1 font-medium">
        Paths
      </h2>
      <p className="mb-2 text-sm text-zinc-600 dark:text-zinc-400" data-testid="compare-divergence">
        {firstDivergence === null
          ? "Both executions took the same top-level path with the same outcomes."
          : `The paths diverge at step ${firstDivergence + 1}.`}
      </p>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-zinc-500">
            <th className="w-12 py-1 pr-2 font-normal">#</th>
            <th className="py-1 pr-2 font-normal">{leftLabel}</th>
            <th className="py-1 pr-2 font-normal">{rightLabel}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => {
            const first = s.index === firstDivergence;
            return (
              <tr
                key={s.index}
                data-testid={first ? "compare-first-divergence" : undefined}
                aria-current={first ? "step" : undefined}
                className={
                  first
                    ? "border-l-4 border-amber-500 bg-amber-50 dark:bg-amber-950/40"
                    : s.same
                      ? "border-l-4 border-transparent"
                      : "border-l-4 border-transparent bg-zinc-50 dark:bg-zinc-900"
                }
              >
                <td className="py-1 pl-1 pr-2 text-zinc-500">
                  {s.index + 1}
                  {first ? (
                    <span className="ml-1 font-medium text-amber-700 dark:text-amber-400" title="First difference">
                      ◆
                    </span>
                  ) : null}
                </td>
                <td className="py-1 pr-2">
                  <Step step={s.left} />
                </td>
                <td className="py-1 pr-2">
                  <Step step={s.right} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {firstDivergence !== null ? (
        <p className="mt-1 text-xs text-zinc-500">◆ marks the first step that differs.</p>
      ) : null}
      <h3 className="mb-1 mt-4 font-medium">States whose outcome differs</h3>
      {outcomeDifferences.length === 0 ? (
        <p className="text-sm text-zinc-500">None.</p>
      ) : (
        <ul className="text-sm" data-testid="compare-outcome-differences">
          {outcomeDifferences.map((d) => (
            <li key={d.name} className="py-0.5">
              <span className="font-mono">{d.name}</span>: {d.left ?? "not reached"} → {d.right ?? "not reached"}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Step({ step }: { step: { name: string; status: string } | null }) {
  if (!step) return <span className="text-zinc-400">—</span>;
  return (
    <span>
      <span className="font-mono">{step.name}</span>{" "}
      <span className={step.status === "FAILED" ? "text-red-700 dark:text-red-400" : "text-zinc-500"}>
        {step.status.toLowerCase()}
      </span>
    </span>
  );
}
