"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useActor } from "@/components/auth/actor-context";
import { ConfirmDialog } from "@/components/actions/confirm-dialog";
import {
  bulkActionQueryOptions,
  postBulkAction,
  type BulkDryRun,
  type BulkStarted,
} from "@/lib/actions/execution-actions-client";
import { executionHref } from "@/lib/format/execution-href";
import { BulkProgress } from "./bulk-progress";

type Kind = "redrive" | "replay";
const shown = 20;

/**
 * "Bulk action" on the executions list (operators and admins): redrive or replay every
 * execution the list's current `filters` select. A dry run first lists the eligible ones
 * and why the others are not; Start confirms; then a progress bar follows the job.
 */
export function BulkActionButton({ filters }: { filters: string }) {
  const canOperate = useActor().can("operator");
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>("redrive");
  const dryRun = useMutation({
    mutationFn: (action: Kind) => postBulkAction({ action, filters, dryRun: true }) as Promise<BulkDryRun>,
  });
  const start = useMutation({
    mutationFn: (action: Kind) => postBulkAction({ action, filters, dryRun: false }) as Promise<BulkStarted>,
  });
  if (!canOperate) return null;

  const plan = dryRun.data;
  const reset = () => {
    dryRun.reset();
    start.reset();
  };
  return (
    <>
      <button
        type="button"
        className="rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        onClick={() => {
          reset();
          setOpen(true);
          dryRun.mutate(kind);
        }}
      >
        Bulk action
      </button>
      <ConfirmDialog
        open={open}
        title="Bulk action on the filtered executions"
        confirmLabel={start.data ? null : plan && plan.eligible.length === 0 ? `Nothing to ${kind}` : `Start ${kind}`}
        busy={start.isPending || dryRun.isPending}
        // A finished dry run that found nothing (or too much) leaves nothing to start: not "Working…".
        disabled={!plan || plan.eligible.length === 0 || plan.more}
        onConfirm={() => start.mutate(kind)}
        onClose={() => setOpen(false)}
        testId="bulk-action-dialog"
      >
        <fieldset className="flex gap-4" disabled={start.data !== undefined}>
          <legend className="sr-only">Action</legend>
          {(["redrive", "replay"] as const).map((k) => (
            <label key={k} className="flex items-center gap-1">
              <input
                type="radio"
                name="bulk-kind"
                checked={kind === k}
                onChange={() => {
                  setKind(k);
                  reset();
                  dryRun.mutate(k);
                }}
              />
              {k === "redrive" ? "Redrive (RedriveExecution)" : "Replay (StartExecution, same input)"}
            </label>
          ))}
        </fieldset>
        <p className="text-xs text-zinc-500">Filters: {filters || "none (every stored execution)"}</p>
        {dryRun.isPending ? <p>Checking the selected executions…</p> : null}
        {dryRun.error ? (
          <p role="alert" className="text-red-700">
            {dryRun.error.message}
          </p>
        ) : null}
        {plan && !start.data ? <DryRunSummary plan={plan} /> : null}
        {start.error ? (
          <p role="alert" className="text-red-700">
            {start.error.message}
          </p>
        ) : null}
        {start.data ? <Started started={start.data} /> : null}
      </ConfirmDialog>
    </>
  );
}

function DryRunSummary({ plan }: { plan: BulkDryRun }) {
  return (
    <div className="flex flex-col gap-2" data-testid="bulk-dry-run">
      <p>
        <strong>{plan.eligible.length}</strong> of {plan.selected} selected executions can be{" "}
        {plan.action === "redrive" ? "redriven" : "replayed"}
        {plan.more ? `; the filters select more than ${plan.maxItems.toLocaleString("en")}: narrow them first` : ""}.
      </p>
      {plan.reasonCounts.length > 0 ? (
        <ul className="list-disc pl-5 text-zinc-600 dark:text-zinc-400">
          {plan.reasonCounts.map((r) => (
            <li key={r.code}>
              {r.count} not: {r.message}
            </li>
          ))}
        </ul>
      ) : null}
      {plan.eligible.length > 0 ? (
        <ul className="max-h-40 overflow-auto font-mono text-xs">
          {plan.eligible.slice(0, shown).map((e) => (
            <li key={e.executionArn}>
              <Link href={executionHref(e.executionArn)} className="hover:underline">
                {e.name}
              </Link>{" "}
              <span className="text-zinc-500">{e.status}</span>
            </li>
          ))}
          {plan.eligible.length > shown ? (
            <li className="text-zinc-500">… and {plan.eligible.length - shown} more</li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}

function Started({ started }: { started: BulkStarted }) {
  const { data } = useQuery(bulkActionQueryOptions(started.id));
  return (
    <div className="flex flex-col gap-2">
      <p>
        Bulk action {started.id} started: {started.items} executions
        {started.skipped ? `, ${started.skipped} skipped (not eligible)` : ""}.
      </p>
      {data ? <BulkProgress view={data} /> : <p>Waiting for progress…</p>}
    </div>
  );
}
