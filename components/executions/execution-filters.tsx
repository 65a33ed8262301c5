"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { getStatusStyle } from "@/components/status/status-style";
import { QueryInput, queryErrorOf } from "./query-input";
import { SaveViewButton } from "./save-view-button";
import {
  executionStatuses,
  timeRanges,
  toSearchParams,
  type ExecutionListParams,
  type ExecutionListPatch,
} from "@/lib/queries/execution-list-params";
import { stateMachineQualifier } from "@/lib/execution-view/aws-console-url";

const field = "rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900";

/**
 * Filters for the executions list; every change goes to the URL. Before the page hydrates (or
 * with JavaScript off) they still work: the statuses are links, and the form is a plain GET
 * form whose Search submits the state machine, source, range and query with the list's other
 * params kept in hidden fields. Once hydrated, a change goes through `onChange` at once.
 */
export function ExecutionFilters(props: {
  params: ExecutionListParams;
  stateMachines: readonly string[];
  sources: readonly string[];
  /** Alias names and version numbers stored executions were started through (for completion). */
  qualifiers: { readonly alias: readonly string[]; readonly version: readonly string[] };
  onChange: (patch: ExecutionListPatch) => void;
  /** The list's URL with `patch` applied (the page and cursor reset by the caller). */
  hrefOf: (patch: ExecutionListPatch) => string;
  /** The list's path, where the form submits. */
  action: string;
}) {
  const { params, stateMachines, sources, qualifiers, onChange, hrefOf } = props;
  // What the form's own fields do not carry, so a plain submit keeps it.
  const kept = toSearchParams({
    status: params.status,
    exclude: params.exclude,
    signature: params.signature,
    parent: params.parent,
    qualifier: params.qualifier,
    from: params.from,
    to: params.to,
    sort: params.sort,
    order: params.order,
    pageSize: params.pageSize,
  });
  const [text, setText] = useState(params.q ?? "");
  useEffect(() => setText(params.q ?? ""), [params.q]);
  const selected = new Set(params.status ?? []);
  const known = useMemo(
    () => ({ stateMachine: stateMachines, source: sources, alias: qualifiers.alias, version: qualifiers.version }),
    [stateMachines, sources, qualifiers.alias, qualifiers.version],
  );

  return (
    <form
      role="search"
      method="get"
      action={props.action}
      className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-6 py-2 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        // A wrong expression stays in the box with its error; the list keeps its last query.
        if (queryErrorOf(text) === null) onChange({ q: text.trim() || undefined, page: 1 });
      }}
    >
      {[...kept.entries()].map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <fieldset className="flex flex-wrap gap-1" aria-label="Status">
        {executionStatuses.map((s) => {
          const on = selected.has(s);
          const next = new Set(selected);
          if (on) next.delete(s);
          else next.add(s);
          return (
            // A link, not a button: it filters before the page hydrates too.
            <Link
              key={s}
              href={hrefOf({ status: next.size ? [...next] : undefined, page: 1 })}
              replace
              scroll={false}
              prefetch={false}
              aria-current={on ? "true" : undefined}
              className={`rounded px-2 py-1 text-xs ring-1 ring-inset ${on ? getStatusStyle(s).className : "ring-zinc-300 text-zinc-600 dark:ring-zinc-700 dark:text-zinc-400"}`}
              data-testid={`status-filter-${s}`}
            >
              {getStatusStyle(s).icon} {getStatusStyle(s).label}
            </Link>
          );
        })}
      </fieldset>
      <NameSelect
        label="State machine"
        name="stateMachine"
        all="All state machines"
        names={stateMachines}
        value={params.stateMachine}
        onPick={(stateMachine) => onChange({ stateMachine, page: 1 })}
      />
      <NameSelect
        label="Source"
        name="source"
        all="All sources"
        names={sources}
        value={params.source}
        onPick={(source) => onChange({ source, page: 1 })}
      />
      <label className="flex items-center gap-1">
        <span className="sr-only">Started within</span>
        <select
          className={field}
          name="range"
          value={params.range ?? ""}
          onChange={(e) =>
            onChange({
              range: e.target.value === "" ? undefined : (e.target.value as ExecutionListParams["range"]),
              page: 1,
            })
          }
        >
          {Object.keys(timeRanges).map((r) => (
            <option key={r} value={r === "all" ? "" : r}>
              {r === "all" ? "Any time" : `Last ${r}`}
            </option>
          ))}
        </select>
      </label>
      <QueryInput name="q" value={text} onChange={setText} known={known} className={`${field} w-[28rem] max-w-full`} />
      <button type="submit" className="rounded bg-zinc-800 px-3 py-1 text-white dark:bg-zinc-200 dark:text-zinc-900">
        Search
      </button>
      <SaveViewButton query={params.q} />
      {/* Filters set by links from other pages (a failure group, a Distributed Map's children): shown, and cleared here. */}
      {params.signature ? (
        <FilterChip label="One failure group" onClear={() => onChange({ signature: undefined, page: 1 })} />
      ) : null}
      {params.qualifier ? (
        <FilterChip
          label={`Started through ${stateMachineQualifier(params.qualifier) ?? params.qualifier}`}
          title={params.qualifier}
          onClear={() => onChange({ qualifier: undefined, page: 1 })}
        />
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
  name: string;
  all: string;
  names: readonly string[];
  value: string | undefined;
  onPick: (name: string | undefined) => void;
}) {
  return (
    <label className="flex items-center gap-1">
      <span className="sr-only">{props.label}</span>
      <select
        className={field}
        name={props.name}
        value={props.value ?? ""}
        onChange={(e) => props.onPick(e.target.value || undefined)}
      >
        <option value="">{props.all}</option>
        {/* A value from a link (a state machine's ARN) stays chosen, so a plain submit keeps it. */}
        {props.value && !props.names.includes(props.value) ? (
          <option value={props.value}>{props.value.split(":").at(-1)} (this ARN)</option>
        ) : null}
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
