"use client";

import { usePathname, useRouter } from "next/navigation";
import { toAnalyticsSearchParams, type AnalyticsParams } from "@/lib/queries/analytics-params";
import type { AnalyticsFilterOptions } from "@/lib/queries/list-analytics-filter-options";
import { describeProductionScope, includesLocalRuns } from "@/lib/queries/production-scope";

const field = "rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900";
const RANGES: readonly [AnalyticsParams["range"], string][] = [
  ["1h", "Last hour"],
  ["24h", "Last 24 hours"],
  ["7d", "Last 7 days"],
  ["30d", "Last 30 days"],
  ["90d", "Last 90 days"],
  ["all", "All time"],
];

/**
 * The analytics pages' filters; every change goes to the URL (links are how teams share a view).
 * Says which executions the page's figures cover: local runs only when asked for.
 * A GET form: before the page hydrates, a change submits it natively (the root layout's script),
 * and without JavaScript its Apply button does; once hydrated, the router navigates instead.
 */
export function AnalyticsFilters({ params, options }: { params: AnalyticsParams; options: AnalyticsFilterOptions }) {
  const router = useRouter();
  const pathname = usePathname();
  const set = (patch: Partial<AnalyticsParams>) => {
    const qs = toAnalyticsSearchParams({ ...params, ...patch }).toString();
    router.push(qs ? `${pathname}?${qs}` : pathname);
  };
  const select = (
    label: string,
    key: "stateMachine" | "source" | "account" | "region",
    values: readonly (string | { readonly value: string; readonly label: string })[],
    all: string,
  ) => (
    <label className="flex items-center gap-1">
      <span className="sr-only">{label}</span>
      <select
        aria-label={label}
        name={key}
        className={field}
        value={params[key] ?? ""}
        onChange={(e) => set({ [key]: e.target.value || undefined })}
      >
        <option value="">{all}</option>
        {values.map((v) => {
          const { value, label } = typeof v === "string" ? { value: v, label: v } : v;
          return (
            <option key={value} value={value}>
              {label}
            </option>
          );
        })}
      </select>
    </label>
  );
  return (
    <form
      role="search"
      method="get"
      action={pathname}
      data-submit-on-change
      className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-6 py-2 dark:border-zinc-800"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        set(Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v) || undefined])));
      }}
    >
      <label className="flex items-center gap-1">
        <span className="sr-only">Time range</span>
        <select
          aria-label="Time range"
          name="range"
          className={field}
          value={params.range}
          onChange={(e) => set({ range: e.target.value as AnalyticsParams["range"] })}
        >
          {RANGES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {select("State machine", "stateMachine", options.stateMachines, "All state machines")}
      {select("Source", "source", options.sources, "All sources")}
      {select("Account", "account", options.accounts, "All accounts")}
      {select("Region", "region", options.regions, "All regions")}
      <label
        className="flex items-center gap-1"
        title={
          params.source === undefined
            ? "Local runs (the bundled interpreter's runs, local replays and redrives) cost nothing in AWS and are not production failures"
            : "A source is chosen: its executions are shown whatever their kind"
        }
      >
        <input
          type="checkbox"
          data-testid="include-local"
          name="include"
          value="local"
          checked={includesLocalRuns(params)}
          disabled={params.source !== undefined}
          onChange={(e) => set({ include: e.target.checked ? "local" : undefined })}
        />
        Include local runs
      </label>
      <p className="text-xs text-zinc-500" data-testid="analytics-scope">
        {describeProductionScope(params)}
      </p>
      <noscript>
        <button type="submit" className={field}>
          Apply
        </button>
      </noscript>
    </form>
  );
}
