"use client";

import { Handle, Position, type NodeProps } from "@xyflow/react";
import { getStatusStyle } from "@/components/status/status-style";
import { toDisplayStatus } from "@/lib/execution-view/state-status";
import type { GroupFlowNode } from "@/lib/execution-view/to-flow-elements";
import { noStatusLook, useGraphActions } from "./graph-actions";
import { definitionTone, statusTone } from "./status-tone";

/** An expanded Parallel or Map: header (status, Map counts, iteration picker, collapse) over its branches/processor. */
export function StateGroupNode({ data }: NodeProps<GroupFlowNode>) {
  const { state, overlay, map } = data;
  const actions = useGraphActions();
  const tone = actions.definitionOnly ? definitionTone : statusTone[overlay.status];
  const look = actions.definitionOnly ? noStatusLook : getStatusStyle(toDisplayStatus(overlay.status));
  return (
    <div
      data-testid="graph-state"
      data-state-id={state.id}
      data-state-name={state.name}
      data-status={actions.definitionOnly ? "definition" : overlay.status}
      data-retries={overlay.retries}
      data-root-cause={data.rootCause ? "true" : undefined}
      className={`h-full w-full rounded-lg border-2 bg-opacity-40 text-xs ${tone} !bg-transparent ${data.selected ? "ring-2 ring-blue-500" : ""}`}
    >
      <Handle type="target" position={Position.Top} className="!opacity-0" isConnectable={false} />
      <div className={`flex flex-wrap items-center gap-x-2 gap-y-0.5 rounded-t-md px-2 py-1 ${tone} border-0`}>
        <button
          type="button"
          className="flex min-w-0 max-w-full items-center gap-1 font-medium"
          onClick={() => actions.select(state.id)}
          aria-label={look.label ? `${state.name}: ${look.label}` : state.name}
        >
          <span aria-hidden="true">{look.icon}</span>
          <span className="truncate">{state.name}</span>
        </button>
        <span className="text-[10px] uppercase tracking-wide text-zinc-500">{state.type}</span>
        <span className="text-[11px] text-zinc-600 dark:text-zinc-400">{look.label}</span>
        <button
          type="button"
          aria-label={`Collapse ${state.name}`}
          className="nodrag ml-auto rounded border border-zinc-400 px-1 leading-none"
          onClick={() => actions.toggleCollapsed(state.id)}
        >
          −
        </button>
        {map ? <span className="basis-full" aria-hidden="true" /> : null}
        {map ? (
          <span
            className="text-[11px]"
            data-testid="map-counts"
            aria-label={`${map.succeeded} succeeded, ${map.failed} failed, ${map.aborted} aborted iterations`}
          >
            <span className="text-green-700 dark:text-green-400">✓ {map.succeeded}</span>{" "}
            <span className="text-red-700 dark:text-red-400">✕ {map.failed}</span>{" "}
            <span className="text-zinc-500">■ {map.aborted}</span>
            {map.running ? <span className="text-blue-700"> ▶ {map.running}</span> : null}
          </span>
        ) : null}
        {map && map.iterations.length > 0 ? (
          <select
            aria-label={`Iteration of ${state.name}`}
            data-testid="iteration-picker"
            className="nodrag rounded border border-zinc-300 bg-white px-1 py-0.5 text-[11px] dark:border-zinc-700 dark:bg-zinc-900"
            value={data.chosenIteration ?? ""}
            onChange={(e) => actions.chooseIteration(state.id, e.target.value === "" ? null : Number(e.target.value))}
          >
            <option value="">All iterations</option>
            {map.iterations.slice(0, 500).map((it) => (
              <option key={it.index} value={it.index}>
                {getStatusStyle(toDisplayStatus(it.status)).icon} #{it.index}{" "}
                {getStatusStyle(toDisplayStatus(it.status)).label}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      <Handle type="source" position={Position.Bottom} className="!opacity-0" isConnectable={false} />
    </div>
  );
}
