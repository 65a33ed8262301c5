"use client";

import { accessRemedy } from "@/lib/errors/access-remedy";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useActor } from "@/components/auth/actor-context";
import { AwsSourceForm } from "@/components/sources/add-aws-source-form";
import { fetchJson } from "@/lib/api-client/fetch-json";
import type { AwsSourceStatus } from "@/lib/ingest/aws-source-status";
import { queryKeys } from "@/lib/api-client/query-keys";

const stateStyle: Record<AwsSourceStatus["state"], string> = {
  IDLE: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
  RUNNING: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-200",
  FAILED: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200",
};
const stateLabel: Record<AwsSourceStatus["state"], string> = {
  IDLE: "● idle",
  RUNNING: "↻ syncing",
  FAILED: "✕ stopped",
};

/** AWS sources with live sync state: progress while syncing, the refused call when stopped, partial Express histories. */
export function AwsSourcesStatus({ initial }: { initial: readonly AwsSourceStatus[] }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const { data } = useQuery({
    queryKey: queryKeys.awsSources(),
    queryFn: () => fetchJson<{ sources: AwsSourceStatus[] }>("/api/sources").then((r) => r.sources),
    initialData: [...initial],
    refetchInterval: (query) => ((query.state.data ?? []).some((s) => s.state === "RUNNING") ? 1_000 : 10_000),
  });
  const [message, setMessage] = useState<string | null>(null);
  const actor = useActor();
  // Offered to those the server lets do it: syncing to operators, editing to admins.
  const canSync = actor.can("operator");
  const canEdit = actor.can("admin");
  if (data.length === 0) return null;
  return (
    <section className="mb-6" aria-label="AWS sources" data-testid="aws-sources">
      <h2 className="mb-2 text-sm font-semibold">AWS sources</h2>
      {message ? <p className="mb-2 text-xs text-zinc-500">{message}</p> : null}
      <ul className="divide-y divide-zinc-200 rounded border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {data.map((s) => {
          const p = s.progress;
          const total = Math.max(p.executionsFound, p.executionsDone);
          return (
            <li key={s.id} className="px-3 py-2 text-sm" data-testid={`aws-source-${s.name}`}>
              <div className="flex flex-wrap items-center gap-3">
                <span className="font-medium">{s.name}</span>
                <span className={`rounded px-1.5 text-xs ${stateStyle[s.state]}`}>{stateLabel[s.state]}</span>
                <span className="text-xs text-zinc-500">
                  {[s.accountId, s.region].filter(Boolean).join(" / ")}
                  {s.endpoint ? ` via ${s.endpoint}` : ""} · {s.filter}
                </span>
                <span className="ml-auto text-xs text-zinc-500" title={s.lastSyncAt ?? undefined}>
                  {s.lastSyncAt ? `last sync ${new Date(s.lastSyncAt).toLocaleString()}` : "never synced"}
                </span>
                {canSync ? (
                  <button
                    type="button"
                    disabled={s.state === "RUNNING"}
                    className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-900"
                    onClick={async () => {
                      const r = await fetchJson<{ started: boolean }>(`/api/sources/${s.id}/sync`, {
                        method: "POST",
                      }).catch((e: Error) => ({ error: e.message }));
                      setMessage(
                        "error" in r
                          ? `Could not start: ${r.error}`
                          : r.started
                            ? `Sync of ${s.name} started`
                            : `${s.name} is syncing already`,
                      );
                      await queryClient.invalidateQueries({ queryKey: queryKeys.awsSources() });
                    }}
                  >
                    Sync now
                  </button>
                ) : null}
              </div>
              <div className="mt-1 flex items-center gap-3 text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
                {s.state === "RUNNING" ? (
                  <progress
                    className="h-2 w-48"
                    max={total || 1}
                    value={p.executionsDone}
                    aria-label={`${s.name} sync progress`}
                  />
                ) : null}
                <span>
                  {p.executionsDone.toLocaleString("en")}/{total.toLocaleString("en")} executions ·{" "}
                  {p.eventsFetched.toLocaleString("en")} events · {p.pagesFetched.toLocaleString("en")} pages ·{" "}
                  {p.retries.toLocaleString("en")} retries · {s.executions.toLocaleString("en")} stored
                </span>
              </div>
              {s.errorDetails ? (
                <p className="mt-1 text-xs text-red-700 dark:text-red-400" role="alert">
                  <span className="font-mono">{s.errorDetails.code}</span>: {s.errorDetails.message} —{" "}
                  {accessRemedy(s.errorDetails.code, s.errorDetails.action)}.
                </p>
              ) : s.lastError ? (
                <p className="mt-1 text-xs text-amber-700 dark:text-amber-400">{s.lastError}</p>
              ) : null}
              {s.partialHistories.map((h) => (
                <p key={h.stateMachineArn} className="mt-1 text-xs text-amber-700 dark:text-amber-400">
                  Partial histories for <span className="font-mono">{h.stateMachineArn.split(":").pop()}</span>:{" "}
                  {h.reason}
                </p>
              ))}
              {canEdit ? (
                <details className="mt-1" data-testid={`edit-aws-source-${s.name}`}>
                  <summary className="cursor-pointer text-xs text-zinc-600 dark:text-zinc-400">Edit settings</summary>
                  <AwsSourceForm source={s} />
                  <button
                    type="button"
                    disabled={s.state === "RUNNING"}
                    title={s.state === "RUNNING" ? "Wait for the sync to end" : undefined}
                    className="mt-3 rounded border border-red-300 px-2 py-0.5 text-xs text-red-700 hover:bg-red-50 disabled:opacity-50 dark:border-red-800 dark:text-red-400 dark:hover:bg-red-950"
                    onClick={async () => {
                      const question = `Remove ${s.name} and the ${s.executions.toLocaleString("en")} executions it collected? AWS is not touched; a new source would collect them again.`;
                      if (!window.confirm(question)) return;
                      const r = await fetchJson<{ executionsRemoved: number }>(`/api/sources/${s.id}`, {
                        method: "DELETE",
                      }).catch((e: Error) => ({ error: e.message }));
                      setMessage(
                        "error" in r
                          ? `Could not remove ${s.name}: ${r.error}`
                          : `Removed ${s.name} and ${r.executionsRemoved.toLocaleString("en")} executions`,
                      );
                      await queryClient.invalidateQueries({ queryKey: queryKeys.awsSources() });
                      router.refresh();
                    }}
                  >
                    Remove source…
                  </button>
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
