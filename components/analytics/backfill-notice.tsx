"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { AnalyticsBackfillStatus } from "@/lib/analytics/analytics-backfill-status";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { queryKeys } from "@/lib/api-client/query-keys";

/**
 * Says plainly, with progress, that the figures below leave out executions stored before
 * the analytics tables while those are still being counted (polls until done), then
 * offers to reload. Renders nothing when the analytics were complete all along.
 */
export function BackfillNotice({ initial }: { initial: AnalyticsBackfillStatus }) {
  const router = useRouter();
  const { data } = useQuery({
    queryKey: queryKeys.analyticsBackfill(),
    queryFn: () => fetchJson<AnalyticsBackfillStatus>("/api/analytics/backfill"),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.state === "running" ? 3_000 : false),
  });
  if (initial.state === "complete") return null;
  const box = "mx-6 mt-4 rounded border px-3 py-2 text-sm";
  if (data.state === "complete") {
    return (
      <div
        role="status"
        className={`${box} border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950`}
        data-testid="backfill-notice"
      >
        Analytics now include every stored execution.{" "}
        <button type="button" className="underline" onClick={() => router.refresh()}>
          Reload the figures
        </button>
      </div>
    );
  }
  const share = data.total > 0 ? Math.min(1, data.counted / data.total) : 0;
  return (
    <div
      role="status"
      className={`${box} border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950`}
      data-testid="backfill-notice"
    >
      <p>
        Analytics are still being computed for executions stored before this version:{" "}
        {data.counted.toLocaleString("en")} of {data.total.toLocaleString("en")} counted ({(share * 100).toFixed(0)}%).
        The figures below leave the rest out until then.
      </p>
      <progress
        className="mt-1 h-1.5 w-full"
        max={data.total || 1}
        value={data.counted}
        aria-label="Analytics computed"
      />
    </div>
  );
}
