import { JsonDiffView } from "@/components/execution/compare/json-diff-view";
import type { JsonChange } from "@/lib/execution-view/diff-json";
import { BreakableId } from "@/components/layout/breakable-id";

/** How one execution ended, as the Compare view shows it. */
export interface ExecutionOutcome {
  readonly label: string;
  readonly status: string;
  readonly error: string | null;
  readonly cause: string | null;
}

/**
 * How the two executions ended (status, error, cause side by side) and how their outputs
 * differ: the last question after "where did the paths part" when proving a fix.
 */
export function OutcomeComparison({
  left,
  right,
  outputChanges,
}: {
  left: ExecutionOutcome;
  right: ExecutionOutcome;
  outputChanges: readonly JsonChange[];
}) {
  const same = left.status === right.status && left.error === right.error && left.cause === right.cause;
  return (
    <section aria-labelledby="compare-outcome-heading" data-testid="compare-outcome">
      <h2 id="compare-outcome-heading" className="mb-1 font-medium">
        Outcome and output
      </h2>
      <table className="mb-3 w-full text-sm" aria-label="Outcome of each execution">
        <thead>
          <tr className="text-left text-zinc-500">
            <th className="py-1 pr-2 font-normal" />
            <th className="py-1 pr-2 font-normal">Status</th>
            <th className="py-1 pr-2 font-normal">Error</th>
            <th className="py-1 pr-2 font-normal">Cause</th>
          </tr>
        </thead>
        <tbody>
          {[left, right].map((o, i) => (
            <tr key={i} className="align-top" data-testid={i === 0 ? "compare-outcome-left" : "compare-outcome-right"}>
              <td className="py-1 pr-2">{o.label}</td>
              <td className="py-1 pr-2">{o.status.toLowerCase()}</td>
              <td className="py-1 pr-2 font-mono">
                <BreakableId text={o.error ?? "—"} />
              </td>
              <td className="break-all py-1 pr-2 font-mono">{o.cause ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {same ? <p className="mb-2 text-sm text-zinc-500">Both ended the same way.</p> : null}
      <JsonDiffView changes={outputChanges} label="Output differences" noun="outputs" testId="compare-output-diff" />
    </section>
  );
}
