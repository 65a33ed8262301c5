"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useActor } from "@/components/auth/actor-context";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { formatBytes } from "@/lib/format/format-bytes";
import type { RetentionUsage } from "@/lib/queries/get-retention-usage";
import { formatRetentionDays, type RetentionPolicy, type RetentionRule } from "@/lib/retention/retention-policy";

const cell = "px-3 py-1.5";
const daysInput =
  "w-20 rounded border border-zinc-300 bg-transparent px-1.5 py-0.5 text-sm tabular-nums dark:border-zinc-700";
const headers = [
  "Source",
  "Executions kept",
  "Rollups kept",
  "Executions",
  "Oldest start",
  "Expired",
  "On disk (est.)",
];

/** "" → undefined (the default's), "forever" → null, else whole days. */
function parseDays(value: FormDataEntryValue | null): number | null | undefined {
  const text = String(value ?? "").trim();
  if (text === "") return undefined;
  return text.toLowerCase() === "forever" ? null : Number(text);
}

const shown = (days: number | null | undefined) => (days === undefined ? "" : days === null ? "forever" : String(days));

/**
 * What each source keeps, for how long, and about how much disk it takes; admins edit the
 * days in place (a blank source cell takes the default; `forever` keeps everything).
 */
export function RetentionPanel({ usage }: { usage: RetentionUsage }) {
  const router = useRouter();
  const canEdit = useActor().can("admin");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const { policy } = usage;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const f = new FormData(event.currentTarget);
    const sources: Record<string, RetentionRule> = {};
    for (const s of usage.sources) {
      const executionDays = parseDays(f.get(`e:${s.name}`));
      const rollupDays = parseDays(f.get(`r:${s.name}`));
      if (executionDays === undefined && rollupDays === undefined) continue;
      sources[s.name] = {
        ...(executionDays === undefined ? {} : { executionDays }),
        ...(rollupDays === undefined ? {} : { rollupDays }),
      };
    }
    const next: RetentionPolicy = {
      default: { executionDays: parseDays(f.get("e:")) ?? null, rollupDays: parseDays(f.get("r:")) ?? null },
      sources,
    };
    setError(null);
    setSaved(false);
    try {
      await fetchJson("/api/retention", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(next),
      });
      setSaved(true);
      router.refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const days = (name: string, value: number | null | undefined, placeholder: string) =>
    canEdit ? (
      <input
        name={name}
        defaultValue={shown(value)}
        placeholder={placeholder}
        className={daysInput}
        aria-label={name}
      />
    ) : (
      <span>{value === undefined ? `${placeholder} (default)` : formatRetentionDays(value)}</span>
    );
  const stored = usage.relations.reduce((n, r) => n + r.bytes, 0);
  const partitions = usage.relations.filter((r) => r.parent !== null);

  return (
    <section className="mb-6" data-testid="retention-panel" aria-labelledby="retention-heading">
      <h2 id="retention-heading" className="mb-1 text-sm font-semibold">
        Retention
      </h2>
      <p className="mb-2 max-w-4xl text-xs text-zinc-600 dark:text-zinc-400">
        Executions (with their events, state runs and attempts) are removed once they started longer ago than their
        source keeps them; the rollups behind Overview, Failures and Costs are kept for their own, longer period, so the
        trends outlive the histories. A running execution is never removed. Applied every hour; an import older than the
        period is refused. Stored: {formatBytes(stored)} of executions and events, {formatBytes(usage.rollupBytes)} of
        rollups.
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-zinc-500">
            <tr>
              {headers.map((h) => (
                <th key={h} scope="col" className="border-b border-zinc-200 px-3 py-2 font-medium dark:border-zinc-800">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="border-b border-zinc-100 dark:border-zinc-800/60">
              <td className={`${cell} italic`}>default</td>
              <td className={cell}>{days("e:", policy.default.executionDays, "forever")}</td>
              <td className={cell}>{days("r:", policy.default.rollupDays, "forever")}</td>
              <td className={cell} colSpan={4} />
            </tr>
            {usage.sources.map((s) => {
              const rule = policy.sources[s.name];
              return (
                <tr key={s.name} className="border-b border-zinc-100 dark:border-zinc-800/60">
                  <td className={cell}>{s.name}</td>
                  <td className={cell}>
                    {days(`e:${s.name}`, rule?.executionDays, formatRetentionDays(s.executionDays))}
                  </td>
                  <td className={cell}>{days(`r:${s.name}`, rule?.rollupDays, formatRetentionDays(s.rollupDays))}</td>
                  <td className={`${cell} tabular-nums`}>
                    {s.executions.toLocaleString("en")}
                    {s.running ? <span className="text-zinc-500"> ({s.running} running)</span> : null}
                  </td>
                  <td className={`${cell} tabular-nums`} title={s.oldestStart ?? undefined}>
                    {s.oldestStart?.slice(0, 10) ?? "—"}
                  </td>
                  <td className={`${cell} tabular-nums`}>{s.expired ? s.expired.toLocaleString("en") : "—"}</td>
                  <td className={`${cell} tabular-nums`}>{formatBytes(s.estimatedBytes)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {canEdit ? (
          <div className="mt-2 flex items-center gap-3 text-xs">
            <button
              type="submit"
              className="rounded bg-zinc-900 px-3 py-1 text-white dark:bg-zinc-100 dark:text-zinc-900"
            >
              Save retention
            </button>
            <span className="text-zinc-500">Days, or “forever”; a blank source cell takes the default.</span>
            {saved ? <span role="status">Saved.</span> : null}
            {error ? (
              <span role="alert" className="text-red-700 dark:text-red-400">
                {error}
              </span>
            ) : null}
          </div>
        ) : null}
      </form>
      {partitions.length ? (
        <details className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
          <summary>Partitions ({partitions.length})</summary>
          <ul className="mt-1 columns-3 font-mono">
            {partitions.map((p) => (
              <li key={p.name}>
                {p.name}: {formatBytes(p.bytes)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
