"use client";

import { JsonView } from "@/components/json/json-view";
import type { DataFlowChecks, JsonataRecheck } from "@/lib/execution-view/recheck-jsonata";
import type { ReconstructedDataFlow } from "@/lib/execution-view/data-flow-types";

const sourceLabel = { recorded: "recorded", computed: "computed", unknown: "unknown" } as const;
const sourceTone = {
  recorded: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  computed: "bg-blue-50 text-blue-800 dark:bg-blue-950 dark:text-blue-200",
  unknown: "bg-amber-50 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
} as const;

/** A JSONata field evaluated again here: the same as recorded, different (with what the definition gives), or why it could not be. */
function Recheck({ check }: { check: JsonataRecheck }) {
  const o = check.outcome;
  return (
    <div data-testid="data-flow-recheck" data-field={check.field} data-outcome={o.status} className="mt-0.5">
      {o.status === "same" ? (
        <p className="text-green-800 dark:text-green-300">✓ Re-evaluated here: the same as recorded.</p>
      ) : o.status === "differs" ? (
        <>
          <p className="font-medium text-red-800 dark:text-red-300">
            ✕ Re-evaluated here, it differs from what was recorded; the definition gives:
          </p>
          <JsonView value={JSON.stringify(o.computed)} label={`${check.field} re-evaluated`} />
        </>
      ) : (
        <p className="text-amber-800 dark:text-amber-300">? Not re-evaluated: {o.reason}.</p>
      )}
    </div>
  );
}

/** One run's data flow, step by step (field, its expression, the value after it, where the value comes from), and its assigned variables. */
export function DataFlowView({ flow }: { flow: ReconstructedDataFlow & DataFlowChecks }) {
  return (
    <section data-testid="data-flow" aria-label="Data flow">
      <h3 className="mb-1 font-medium">Data flow ({flow.queryLanguage})</h3>
      <ol className="space-y-2">
        {flow.steps.map((s, i) => (
          <li key={`${s.field}-${i}`} data-testid="data-flow-step" data-field={s.field} data-source={s.source}>
            <div className="flex flex-wrap items-baseline gap-x-2">
              <span aria-hidden="true" className="text-zinc-400">
                {i === 0 ? "" : "→"}
              </span>
              <span className="font-mono font-semibold text-blue-800 dark:text-blue-300">{s.field}</span>
              {s.expression !== undefined ? (
                <code className="break-all text-zinc-700 dark:text-zinc-300">{JSON.stringify(s.expression)}</code>
              ) : null}
              <span className={`ml-auto rounded px-1 text-[10px] uppercase tracking-wide ${sourceTone[s.source]}`}>
                {sourceLabel[s.source]}
              </span>
            </div>
            {s.source === "unknown" ? (
              <p className="text-amber-800 dark:text-amber-300">{s.note}</p>
            ) : (
              <JsonView value={JSON.stringify(s.value)} label={`${s.field} value`} />
            )}
            {flow.rechecks
              .filter((c) => c.field === s.field && s.expression !== undefined)
              .map((c) => (
                <Recheck key={c.field} check={c} />
              ))}
          </li>
        ))}
      </ol>
      {flow.outputMatchesRecorded === true ? (
        <p className="mt-1 text-green-800 dark:text-green-300" data-testid="data-flow-check">
          ✓ The computed output equals the recorded output.
        </p>
      ) : flow.outputMatchesRecorded === false ? (
        <p className="mt-1 text-red-800 dark:text-red-300" data-testid="data-flow-check">
          ✕ The computed output differs from the recorded output (a value this page cannot see took part).
        </p>
      ) : null}
      {flow.variablesSeen.length ? (
        <>
          <h3 className="mb-1 mt-2 font-medium">Variables it could read ({flow.variablesSeen.length})</h3>
          <table className="w-full text-left" data-testid="variables-seen">
            <tbody>
              {flow.variablesSeen.map((v) => (
                <tr key={v.name} className="align-top" data-variable={v.name} data-assigned-by={v.assignedBy.stateName}>
                  <td className="pr-2 font-mono text-blue-800 dark:text-blue-300">${v.name}</td>
                  <td className="break-all font-mono">{JSON.stringify(v.value)}</td>
                  <td className="whitespace-nowrap pl-2 text-zinc-500" title={`event ${v.assignedBy.eventId}`}>
                    from {v.assignedBy.stateName}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {flow.variables.length ? (
        <>
          <h3 className="mb-1 mt-2 font-medium">Variables assigned ({flow.variables.length})</h3>
          <table className="w-full text-left" data-testid="assigned-variables">
            <tbody>
              {flow.variables.map((v) => (
                <tr key={v.name} className="align-top">
                  <td className="pr-2 font-mono text-blue-800 dark:text-blue-300">${v.name}</td>
                  <td className="break-all font-mono">{JSON.stringify(v.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
