"use client";

import { getStatusStyle } from "@/components/status/status-style";
import { JsonView } from "@/components/json/json-view";
import { StatusBadge } from "@/components/status/status-badge";
import type { DataFlowStep } from "@/lib/execution-view/data-flow-steps";
import type { DataFlowChecks } from "@/lib/execution-view/recheck-jsonata";
import type { ReconstructedDataFlow } from "@/lib/execution-view/data-flow-types";
import type { StateRunDetail } from "@/lib/execution-view/state-run-detail-types";
import { describeScope } from "@/lib/format/describe-scope";
import { formatDuration } from "@/lib/format/format-duration";
import { prettyPayload } from "@/lib/format/pretty-payload";
import { DataFlowView } from "./data-flow-view";
import { BreakableId } from "@/components/layout/breakable-id";

export interface StateDetailPanelProps {
  readonly stateName: string;
  readonly stateType: string;
  readonly resource: string | null;
  readonly steps: readonly DataFlowStep[];
  /** The chosen run's data flow with values (null before the run loads, or without a definition). */
  readonly flow: (ReconstructedDataFlow & DataFlowChecks) | null;
  /** Keys of the state's runs (visits, iterations) the user can pick from; null while they load. */
  readonly runKeys: readonly string[] | null;
  readonly runKey: string | null;
  readonly detail: StateRunDetail | null;
  /** What the page already knows of the chosen run (the banner's root cause), shown until `detail` arrives. */
  readonly known: { readonly label: string; readonly error: string | null; readonly cause: string | null } | null;
  readonly loading: boolean;
  readonly onPickRun: (key: string) => void;
  readonly onClose: () => void;
}

/** A state's detail: its definition's data flow, one run's input/output, attempts and events. */
export function StateDetailPanel(p: StateDetailPanelProps) {
  return (
    <aside
      aria-label={`State ${p.stateName}`}
      data-testid="state-detail"
      className="flex max-h-[75vh] flex-col gap-3 overflow-auto border-l border-zinc-200 p-4 text-xs dark:border-zinc-800"
    >
      <header className="flex items-center gap-2">
        <h2 className="truncate text-sm font-semibold" data-testid="state-detail-name">
          {p.stateName}
        </h2>
        <span className="text-[10px] uppercase tracking-wide text-zinc-500">{p.stateType}</span>
        <button
          type="button"
          className="ml-auto rounded border border-zinc-300 px-2 dark:border-zinc-700"
          onClick={p.onClose}
          aria-label="Close state detail"
        >
          ✕
        </button>
      </header>
      {p.resource ? (
        <p className="font-mono text-zinc-600 dark:text-zinc-400">
          <BreakableId text={p.resource} />
        </p>
      ) : null}
      {p.steps.length && !(p.flow && p.detail) ? (
        <section>
          <h3 className="mb-1 font-medium">Data flow (as defined)</h3>
          <ol className="space-y-1">
            {p.steps.map((s) => (
              <li key={s.field}>
                <span className="font-mono text-blue-800 dark:text-blue-300">{s.field}</span>{" "}
                <code className="break-all text-zinc-700 dark:text-zinc-300">{JSON.stringify(s.value)}</code>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {p.runKeys === null ? <p className="text-zinc-500">Loading its runs…</p> : null}
      {p.runKeys?.length === 0 ? <p className="text-zinc-500">Not reached in this execution.</p> : null}
      {p.runKeys && p.runKeys.length > 1 ? (
        <label className="flex items-center gap-2">
          Run
          <select
            className="rounded border border-zinc-300 bg-white px-1 dark:border-zinc-700 dark:bg-zinc-900"
            value={p.runKey ?? ""}
            onChange={(e) => p.onPickRun(e.target.value)}
          >
            {p.runKeys.slice(0, 1000).map((k, i) => (
              <option key={k} value={k}>
                {i + 1}. {k}
              </option>
            ))}
          </select>
          <span className="text-zinc-500">of {p.runKeys.length}</span>
        </label>
      ) : null}
      {!p.detail && p.known ? (
        <div
          className="rounded border border-red-300 bg-red-50 p-2 dark:border-red-800 dark:bg-red-950/40"
          data-testid="state-detail-known"
        >
          <p className="text-zinc-600 dark:text-zinc-400">{p.known.label}</p>
          {p.known.error ? (
            <p className="font-mono font-semibold text-red-800 dark:text-red-300">{p.known.error}</p>
          ) : null}
          {p.known.cause ? (
            <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-words font-mono">
              {prettyPayload(p.known.cause)}
            </pre>
          ) : null}
        </div>
      ) : null}
      {p.loading ? (
        <p className="text-zinc-500">{p.known ? "Loading its attempts, input and events…" : "Loading run…"}</p>
      ) : null}
      {p.detail ? <RunDetail d={p.detail} flow={p.flow} /> : null}
    </aside>
  );
}

function RunDetail({ d, flow }: { d: StateRunDetail; flow: (ReconstructedDataFlow & DataFlowChecks) | null }) {
  return (
    <>
      <p className="flex flex-wrap items-center gap-2">
        <StatusBadge status={d.status} />
        {d.scope.length ? <span className="text-zinc-600 dark:text-zinc-400">{describeScope(d.scope)}</span> : null}
        <span className="text-zinc-500" title={`${d.enteredAt} → ${d.exitedAt ?? "…"}`}>
          {formatDuration(d.exitedAt ? Date.parse(d.exitedAt) - Date.parse(d.enteredAt) : null)}
        </span>
      </p>
      {d.error ? (
        <div className="rounded border border-red-300 bg-red-50 p-2 dark:border-red-800 dark:bg-red-950/40">
          <p className="font-mono font-semibold text-red-800 dark:text-red-300">{d.error}</p>
          {d.cause ? (
            <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-words font-mono">
              {prettyPayload(d.cause)}
            </pre>
          ) : null}
        </div>
      ) : null}
      {d.attempts.length ? (
        <section>
          <h3 className="mb-1 font-medium">Attempts ({d.attempts.length})</h3>
          <table className="w-full text-left" data-testid="state-detail-attempts">
            <thead className="text-zinc-500">
              <tr>
                <th className="pr-2">#</th>
                <th className="pr-2">Outcome</th>
                <th className="pr-2">Duration</th>
                <th className="pr-2">Backoff</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {d.attempts.map((a) => (
                <tr key={a.index} className="align-top">
                  <td className="pr-2">{a.index + 1}</td>
                  <td className="pr-2">
                    {getStatusStyle(a.status).icon} {getStatusStyle(a.status).label}
                  </td>
                  <td className="pr-2" title={`${a.startedAt} → ${a.endedAt ?? "…"}`}>
                    {formatDuration(a.durationMs)}
                  </td>
                  <td className="pr-2">{a.backoffMs === null ? "—" : formatDuration(a.backoffMs)}</td>
                  {/* w-full + max-w-0: the error column takes what the panel has left and truncates there, never past its edge. */}
                  <td className="w-full max-w-0 font-mono">
                    <div className="truncate" title={a.error ?? undefined}>
                      {a.error ?? ""}
                    </div>
                    {a.cause ? (
                      <div className="truncate text-zinc-500" title={a.cause}>
                        {a.cause}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {flow ? (
        <DataFlowView flow={flow} />
      ) : (
        <>
          <section>
            <h3 className="mb-1 font-medium">Input</h3>
            <JsonView value={d.input} label="State input" />
          </section>
          <section>
            <h3 className="mb-1 font-medium">Output</h3>
            <JsonView value={d.output} label="State output" />
          </section>
        </>
      )}
      <section>
        <h3 className="mb-1 font-medium">Events ({d.events.length})</h3>
        <ul className="space-y-0.5 font-mono" data-testid="state-detail-events">
          {d.events.map((e) => (
            <li key={e.id}>
              <details>
                <summary className="cursor-pointer">
                  <span className="text-zinc-500">{e.id}</span> {e.type}{" "}
                  <span className="text-zinc-500">{e.timestamp.slice(11, 23)}Z</span>
                </summary>
                <pre className="max-h-48 overflow-auto whitespace-pre-wrap break-words bg-zinc-50 p-1 dark:bg-zinc-900">
                  {JSON.stringify(e.details, null, 2)}
                </pre>
              </details>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
