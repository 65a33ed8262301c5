"use client";

import { useEffect, useMemo, useState } from "react";
import { getStatusStyle } from "@/components/status/status-style";
import { QueryInput, queryErrorOf } from "./query-input";
import { SaveViewButton } from "./save-view-button";
import {
  executionStatuses,
  timeRanges,
  type ExecutionListParams,
  type ExecutionListPatch,
} from "@/lib/queries/execution-list-params";

const field = "rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900";

/** Filters for the executions list; every change goes to the URL through `onChange`. */
export function ExecutionFilters(props: {
  params: ExecutionListParams;
  stateMachines: readonly string[];
  sources: readonly string[];
  onChange: (patch: ExecutionListPatch) => void;
}) {
  const { params, stateMachines, sources, onChange } = props;
  const [text, setText] = useState(params.q ?? "");
  useEffect(() => setText(params.q ?? ""), [params.q]);
  const selected = new Set(params.status ?? []);
  const known = useMemo(() => ({ stateMachine: stateMachines, source: sources }), [stateMachines, sources]);

  return (
    <form
      role="search"
      className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-6 py-2 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        // A wrong expression stays in the box with its error; the list keeps its last query.
        if (queryErrorOf(text) === null) onChange({ q: text.trim() || undefined, page: 1 });
      }}
    >
      <fieldset className="flex flex-wrap gap-1" aria-label="Status">
        {executionStatuses.map((s) => {
          const on = selected.has(s);
          return (
            <button
              key={s}
              type="button"
              aria-pressed={on}
              className={`rounded px-2 py-1 text-xs ring-1 ring-inset ${on ? getStatusStyle(s).className : "ring-zinc-300 text-zinc-600 dark:ring-zinc-700 dark:text-zinc-400"}`}
              onClick={() => {
                const next = new Set(selected);
                if (on) next.delete(s);
                else next.add(s);
                onChange({ status: next.size ? [...next] : undefined, page: 1 });
              }}
            >
              {getStatusStyle(s).icon} {getStatusStyle(s).label}
            </button>
          );
        })}
      </fieldset>
      <NameSelect
        label="State machine"
        all="All state machines"
        names={stateMachines}
        value={params.stateMachine}
        onPick={(stateMachine) => onChange({ stateMachine, page: 1 })}
      />
      <NameSelect
        label="Source"
        all="All sources"
        names={sources}
        value={params.source}
        onPick={(source) => onChange({ source, page: 1 })}
      />
      <label className="flex items-center gap-1">
        <span className="sr-only">Started within</span>
        <select
          className={field}
          value={params.range ?? "all"}
          onChange={(e) =>
            onChange({
              range: e.target.value === "all" ? undefined : (e.target.value as ExecutionListParams["range"]),
              page: 1,
            })
          }
        >
          {Object.keys(timeRanges).map((r) => (
            <option key={r} value={r}>
              {r === "all" ? "Any time" : `Last ${r}`}
            </option>
          ))}
        </select>
      </label>
      <QueryInput value={text} onChange={setText} known={known} className={`${field} w-[28rem] max-w-full`} />
      <button type="submit" className="rounded bg-zinc-800 px-3 py-1 text-white dark:bg-zinc-200 dark:text-zinc-900">
        Search
      </button>
      <SaveViewButton query={params.q} />
      {/* Filters set by links from other pages (a failure group, a Distributed Map's children): shown, and cleared here. */}
      {params.signature ? (
        <FilterChip label="One failure group" onClear={() => onChange({ signature: undefined, page: 1 })} />
      ) : null}
      {params.parent ? (
        <FilterChip
          label={`Child executions of ${params.parent.split(":").at(-1) ?? params.parent}`}
          title={params.parent}
          onClear={() => onChange({ parent: undefined, page: 1 })}
        />
      ) : null}
    </form>
  );
}

/** A select over names with an "all" choice that clears the filter. */
function NameSelect(props: {
  label: string;
  all: string;
  names: readonly string[];
  value: string | undefined;
  onPick: (name: string | undefined) => void;
}) {
  return (
    <label className="flex items-center gap-1">
      <span className="sr-only">{props.label}</span>
      <select className={field} value={props.value ?? ""} onChange={(e) => props.onPick(e.target.value || undefined)}>
        <option value="">{props.all}</option>
        {props.names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A filter that has no control of its own, with a button that clears it. */
function FilterChip({ label, title, onClear }: { label: string; title?: string; onClear: () => void }) {
  return (
    <span
      className="inline-flex items-center gap-1 rounded bg-blue-50 px-2 py-1 text-xs text-blue-900 ring-1 ring-inset ring-blue-200 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-800"
      title={title}
      data-testid="filter-chip"
    >
      {label}
      <button
        type="button"
        aria-label={`Clear filter: ${label}`}
        className="ml-1 rounded px-1 hover:bg-blue-100 dark:hover:bg-blue-900"
        onClick={onClear}
      >
        ✕
      </button>
    </span>
  );
}
