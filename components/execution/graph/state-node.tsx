"use client";

import { Handle, Position, type NodeProps } from "@xyflow/react";
import { getStatusStyle } from "@/components/status/status-style";
import { toDisplayStatus } from "@/lib/execution-view/state-status";
import type { StateFlowNode } from "@/lib/execution-view/to-flow-elements";
import { noStatusLook, useGraphActions } from "./graph-actions";
import { definitionTone, statusTone } from "./status-tone";

/** One state: name, type, status (icon + text), retries and visits. */
export function StateNode({ data }: NodeProps<StateFlowNode>) {
  const { state, overlay } = data;
  const actions = useGraphActions();
  const tone = actions.definitionOnly ? definitionTone : statusTone[overlay.status];
  const look = actions.definitionOnly ? noStatusLook : getStatusStyle(toDisplayStatus(overlay.status));
  return (
    <div
      role="button"
      tabIndex={0}
      aria-pressed={data.selected}
      aria-label={look.label ? `${state.name}: ${look.label}` : state.name}
      data-testid="graph-state"
      data-state-id={state.id}
      data-state-name={state.name}
      data-status={actions.definitionOnly ? "definition" : overlay.status}
      data-retries={overlay.retries}
      data-redrive={overlay.redrive}
      data-earlier-status={overlay.earlier}
      data-root-cause={data.rootCause ? "true" : undefined}
      onClick={() => actions.select(state.id)}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          actions.select(state.id);
        }
      }}
      className={`flex h-full w-full cursor-pointer flex-col justify-center rounded-md border-2 px-2 text-xs text-zinc-900 shadow-sm dark:text-zinc-100 ${tone} ${data.selected ? "ring-2 ring-blue-500 ring-offset-1" : ""} ${data.rootCause ? "outline-2 outline-offset-2 outline-red-600 outline-dashed" : ""}`}
    >
      <Handle type="target" position={Position.Top} className="!opacity-0" isConnectable={false} />
      <div className="flex items-center gap-1">
        <span aria-hidden="true">{look.icon}</span>
        <span className="truncate font-medium" title={state.name}>
          {state.name}
        </span>
        <span className="ml-auto shrink-0 text-[10px] uppercase tracking-wide text-zinc-500">{state.type}</span>
        {data.collapsible ? (
          <button
            type="button"
            aria-label={`Expand ${state.name}`}
            className="nodrag rounded border border-zinc-400 px-1 leading-none"
            onClick={(e) => {
              e.stopPropagation();
              actions.toggleCollapsed(state.id);
            }}
          >
            +
          </button>
        ) : null}
      </div>
      <div className="mt-0.5 flex gap-2 text-[11px] text-zinc-600 dark:text-zinc-400">
        <span>{look.label}</span>
        {overlay.retries > 0 ? (
          <span data-testid="graph-retries">
            ↺ {overlay.retries} {overlay.retries === 1 ? "retry" : "retries"}
          </span>
        ) : null}
        {overlay.runCount > 1 ? <span>×{overlay.runCount}</span> : null}
        {overlay.redrive !== undefined ? (
          <span
            data-testid="graph-redrive"
            title={`${overlay.redrive === 0 ? "In the first run" : `In redrive ${overlay.redrive}`}${overlay.earlier ? `; earlier: ${getStatusStyle(toDisplayStatus(overlay.earlier)).label.toLowerCase()}` : ""}`}
            className="truncate"
          >
            {overlay.redrive === 0 ? "first run" : `redrive ${overlay.redrive}`}
            {overlay.earlier ? ` · was ${getStatusStyle(toDisplayStatus(overlay.earlier)).label.toLowerCase()}` : ""}
          </span>
        ) : null}
        {data.rootCause ? <span className="font-semibold text-red-700 dark:text-red-400">root cause</span> : null}
      </div>
      <Handle type="source" position={Position.Bottom} className="!opacity-0" isConnectable={false} />
    </div>
  );
}
