"use client";

import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { BulkActionButton } from "@/components/bulk/bulk-action-button";
import { EmptyState } from "@/components/empty/empty-state";
import { ExecutionFilters } from "@/components/executions/execution-filters";
import { ExecutionsTable } from "@/components/executions/executions-table";
import { ExportLinks } from "@/components/executions/export-links";
import { Pagination } from "@/components/executions/pagination";
import { UploadHistories } from "@/components/import/upload-histories";
import { useActor } from "@/components/auth/actor-context";
import { useHydrated } from "@/components/layout/use-hydrated";
import { PageHeader } from "@/components/layout/page-header";
import { executionExportHref } from "@/lib/api-client/execution-export-href";
import { executionsQueryOptions } from "@/lib/api-client/executions-query";
import {
  parseExecutionListParams,
  toSearchParams,
  type ExecutionListParams,
  type ExecutionListPatch,
} from "@/lib/queries/execution-list-params";
import { queryKeys } from "@/lib/api-client/query-keys";

export function ExecutionsPageClient(props: {
  stateMachines: string[];
  sources: string[];
  aliases: string[];
  versions: string[];
}) {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const actor = useActor();
  const hydrated = useHydrated();
  const params = useMemo(() => parseExecutionListParams(new URLSearchParams(search.toString())), [search]);
  const { data, error, isFetching } = useQuery({
    ...executionsQueryOptions(params),
    placeholderData: keepPreviousData,
  });

  const hrefOf = useCallback(
    (patch: ExecutionListPatch) => {
      // A cursor belongs to one page of one list: any change but paging drops it.
      const next = toSearchParams({ ...params, after: undefined, before: undefined, ...patch }).toString();
      return next ? `${pathname}?${next}` : pathname;
    },
    [params, pathname],
  );
  const update = useCallback(
    (patch: ExecutionListPatch) => router.replace(hrefOf(patch), { scroll: false }),
    [hrefOf, router],
  );
  const sortPatch = (field: ExecutionListParams["sort"]): ExecutionListPatch => ({
    sort: field,
    order: params.sort === field && params.order === "desc" ? "asc" : "desc",
    page: 1,
  });
  const filtered = Boolean(
    params.status ||
    params.stateMachine ||
    params.source ||
    params.q ||
    params.range ||
    params.signature ||
    params.qualifier ||
    params.parent,
  );

  return (
    <div className="relative">
      <PageHeader title="Executions">
        {/* Rows gone stale while the scripts loaded are fetched again as the page hydrates: the
            server drew no "Loading…", so hydration must not either (React error #418). */}
        {isFetching && hydrated ? <span className="text-xs text-zinc-500">Loading…</span> : null}
        {/* Importing needs the operator role (the server checks it again). */}
        {actor.can("operator") ? (
          <UploadHistories
            onImported={() => void queryClient.invalidateQueries({ queryKey: queryKeys.executions() })}
          />
        ) : null}
        <ExportLinks hrefOf={(format) => executionExportHref(params, format)} />
        <BulkActionButton filters={search.toString()} />
      </PageHeader>
      <ExecutionFilters
        params={params}
        stateMachines={props.stateMachines}
        sources={props.sources}
        qualifiers={{ alias: props.aliases, version: props.versions }}
        onChange={update}
        hrefOf={hrefOf}
        action={pathname}
      />
      {error ? (
        <p role="alert" className="px-6 py-3 text-red-700">
          Could not load executions: {error.message}
        </p>
      ) : null}
      {data?.undecided && data.undecided.total > 0 ? (
        <p role="status" data-testid="query-undecided" className="px-6 py-2 text-sm text-amber-800 dark:text-amber-300">
          {data.undecided.total.toLocaleString()}
          {data.undecided.totalIsLowerBound ? "+" : ""} more executions may match: their input or output is too large
          (searched on its top level only) or was truncated, so the query could not be decided for them.
        </p>
      ) : null}
      {data && data.rows.length > 0 ? (
        <>
          <ExecutionsTable
            rows={data.rows}
            sort={params.sort}
            order={params.order}
            onSort={(field) => update(sortPatch(field))}
            sortHref={(field) => hrefOf(sortPatch(field))}
          />
          <Pagination {...data} onPage={update} hrefOf={hrefOf} />
        </>
      ) : null}
      {data && data.rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No executions match these filters">
            <p>Widen the time range, clear a filter, or search for a different error text.</p>
          </EmptyState>
        ) : (
          <EmptyState title="No executions yet">
            <p>
              Import a history with <strong>Import histories…</strong> above (the JSON that{" "}
              <code className="font-mono">aws stepfunctions get-execution-history</code> prints, or a bundle with{" "}
              <code className="font-mono">describe-execution</code>), or run{" "}
              <code className="font-mono">npx stepscope import &lt;file&gt;</code>.
            </p>
          </EmptyState>
        )
      ) : null}
    </div>
  );
}
