"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useActor } from "@/components/auth/actor-context";
import { LocalActions } from "@/components/replay/local-actions";
import {
  executionActionsQueryOptions,
  postExecutionAction,
  type ActionAnswer,
  type ExecutionActionKind,
  type ExecutionActions as Actions,
} from "@/lib/actions/execution-actions-client";
import { executionHref } from "@/lib/format/execution-href";
import { ConfirmDialog } from "./confirm-dialog";
import { queryKeys } from "@/lib/api-client/query-keys";

const labels: Record<ExecutionActionKind, string> = { redrive: "Redrive", replay: "Replay", stop: "Stop" };
const field = "w-full rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700";

/**
 * The execution page's actions: Redrive, Replay (StartExecution with the same input) and
 * Stop, each behind a confirm dialog, for operators and admins only; an action that is not
 * allowed opens the reasons instead. After an action its result shows beside the buttons
 * and the page's data is fetched again. The replay lineage (replay of / replays) shows to
 * everyone. The interpreter's actions (replay / redrive locally) sit beside them.
 */
export function ExecutionActions({ executionArn }: { executionArn: string }) {
  const canOperate = useActor().can("operator");
  const queryClient = useQueryClient();
  const { data } = useQuery(executionActionsQueryOptions(executionArn));
  const [open, setOpen] = useState<ExecutionActionKind | null>(null);
  const [suffix, setSuffix] = useState("");
  const [stopError, setStopError] = useState("");
  const [stopCause, setStopCause] = useState("");
  const action = useMutation({
    mutationFn: ({ kind, body }: { kind: ExecutionActionKind; body: unknown }) =>
      postExecutionAction(executionArn, kind, body),
    onSettled: async () => {
      setOpen(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.execution(executionArn) });
    },
  });
  if (!data) return null;

  const verdict = open ? data[open] : null;
  const confirm = () => {
    if (!open) return;
    const body =
      open === "replay"
        ? { mode: "aws", ...(suffix.trim() ? { nameSuffix: suffix.trim() } : {}) }
        : open === "stop"
          ? {
              ...(stopError.trim() ? { error: stopError.trim() } : {}),
              ...(stopCause.trim() ? { cause: stopCause.trim() } : {}),
            }
          : {};
    action.mutate({ kind: open, body });
  };

  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="execution-actions">
      <Lineage lineage={data.lineage} executionArn={executionArn} />
      {canOperate && data.sourceKind === "AWS"
        ? (["redrive", "replay", "stop"] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              aria-disabled={!data[kind].allowed}
              title={data[kind].allowed ? undefined : reasonsText(data, kind)}
              className={`rounded border px-3 py-1 ${data[kind].allowed ? "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800" : "border-zinc-200 text-zinc-400 dark:border-zinc-800"}`}
              onClick={() => {
                action.reset();
                setOpen(kind);
              }}
            >
              {labels[kind]}
            </button>
          ))
        : null}
      <LocalActions executionArn={executionArn} canOperate={canOperate} />
      <ActionResult answer={action.data} error={action.error} kind={action.variables?.kind ?? null} />
      {open && verdict && !verdict.allowed ? (
        <ConfirmDialog
          open
          title={`${labels[open]} is not available`}
          confirmLabel={null}
          onClose={() => setOpen(null)}
          testId="action-not-allowed"
        >
          <ul className="list-disc pl-5">
            {verdict.reasons.map((r) => (
              <li key={r.code}>{r.message}</li>
            ))}
          </ul>
        </ConfirmDialog>
      ) : null}
      {open && verdict?.allowed ? (
        <ConfirmDialog
          open
          title={`${labels[open]} this execution?`}
          confirmLabel={labels[open]}
          busy={action.isPending}
          onConfirm={confirm}
          onClose={() => setOpen(null)}
          testId="action-confirm"
        >
          {open === "redrive" ? (
            <p>
              AWS restarts it from the state that failed (RedriveExecution); the earlier attempt stays in its history.
            </p>
          ) : null}
          {open === "replay" ? (
            <>
              <p>Starts a new execution of the same state machine with the same input (StartExecution).</p>
              <label className="flex flex-col gap-1">
                Name suffix (optional; default -replay-&lt;time&gt;)
                <input
                  className={field}
                  value={suffix}
                  onChange={(e) => setSuffix(e.target.value)}
                  pattern="[A-Za-z0-9_-]{1,40}"
                  placeholder="-replay-1"
                />
              </label>
            </>
          ) : null}
          {open === "stop" ? (
            <>
              <p>AWS stops the running execution (StopExecution); it ends ABORTED.</p>
              <label className="flex flex-col gap-1">
                Error (optional)
                <input
                  className={field}
                  value={stopError}
                  onChange={(e) => setStopError(e.target.value)}
                  maxLength={256}
                  placeholder="Operator.Stopped"
                />
              </label>
              <label className="flex flex-col gap-1">
                Cause (optional)
                <textarea
                  className={field}
                  value={stopCause}
                  onChange={(e) => setStopCause(e.target.value)}
                  maxLength={32_768}
                  rows={3}
                />
              </label>
            </>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

function reasonsText(data: Actions, kind: ExecutionActionKind): string {
  const verdict = data[kind];
  return verdict.allowed ? "" : verdict.reasons.map((r) => r.message).join("\n");
}

function ActionResult({
  answer,
  error,
  kind,
}: {
  answer: ActionAnswer | undefined;
  error: Error | null;
  kind: ExecutionActionKind | null;
}) {
  if (error) {
    return (
      <p role="alert" data-testid="action-result" className="w-full text-red-700 dark:text-red-400">
        {kind ? `${labels[kind]} failed: ` : ""}
        {error.message}
      </p>
    );
  }
  if (!answer || !kind) return null;
  const note = answer.refreshed ? "" : ` (${answer.refreshError ?? "it shows after the next sync"})`;
  return (
    <p role="status" data-testid="action-result" className="w-full text-emerald-800 dark:text-emerald-300">
      {kind === "redrive" ? `Redriven: the new attempt follows ExecutionRedriven in the history${note}.` : null}
      {kind === "stop" ? `Stopped${note}.` : null}
      {kind === "replay" ? (
        <>
          Replay started:{" "}
          <Link className="font-mono underline" href={executionHref(answer.resultExecutionArn)}>
            {answer.resultExecutionArn.slice(answer.resultExecutionArn.lastIndexOf(":") + 1)}
          </Link>
          {note}
        </>
      ) : null}
    </p>
  );
}

function Lineage({ lineage, executionArn }: { lineage: Actions["lineage"]; executionArn: string }) {
  const link = (arn: string, name: string) => (
    <Link
      key={arn}
      className="font-mono text-blue-700 hover:underline dark:text-blue-400"
      href={executionHref(arn)}
      title={arn}
    >
      {name}
    </Link>
  );
  // A replay is named after its original: beside the original's own name, its end is what tells it apart.
  const own = executionArn.slice(executionArn.lastIndexOf(":") + 1);
  const short = (name: string) =>
    name.startsWith(own) && name.length > own.length ? `…${name.slice(own.length)}` : name;
  return (
    <>
      {lineage.replayOf ? (
        <span data-testid="replay-of">Replay of {link(lineage.replayOf.executionArn, lineage.replayOf.name)}</span>
      ) : null}
      {lineage.replays.length > 0 ? (
        <span data-testid="replays">
          Replays:{" "}
          {lineage.replays.map((r, i) => (
            <span key={r.executionArn}>
              {i > 0 ? ", " : ""}
              {link(r.executionArn, short(r.name))}
              {r.status === null ? " (not fetched yet)" : ""}
            </span>
          ))}
        </span>
      ) : null}
    </>
  );
}
