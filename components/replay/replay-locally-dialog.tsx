"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { DefinitionErrors, type LocatedError } from "@/components/local-runs/definition-errors";
import {
  checkReplayInput,
  postLocalReplay,
  replayCompareHref,
  type ReplayPathError,
} from "@/lib/actions/local-replay-client";
import { executionQueryOptions } from "@/lib/api-client/execution-queries";
import { executionDefinitionQueryOptions } from "@/lib/execution-view/view-query-options";
import { locateJsonPointer } from "@/lib/local-runs/locate-json-pointer";
import { validateLocalDefinition } from "@/lib/local-runs/local-runs-client";

const area = "w-full rounded border border-zinc-300 bg-transparent p-2 font-mono text-xs dark:border-zinc-700";
const label = "flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400";

/**
 * "Replay locally": re-runs the execution in the bundled interpreter with its recorded task
 * results, with the input and (optionally) the definition edited here, then opens the Compare
 * view of the replay beside this execution. Shown only to operators (`canOperate`).
 */
export function ReplayLocallyDialog({ executionArn, canOperate }: { executionArn: string; canOperate: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  if (!canOperate) return null;
  return (
    <>
      <button
        type="button"
        data-testid="replay-locally-open"
        className="rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        Replay locally
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="replay-locally-title"
        data-testid="replay-locally-dialog"
        className="w-[min(64rem,95vw)] rounded border border-zinc-300 bg-white p-0 text-zinc-900 backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
        onClose={() => setOpen(false)}
      >
        {open ? <ReplayForm executionArn={executionArn} onCancel={() => dialog.current?.close()} /> : null}
      </dialog>
    </>
  );
}

function ReplayForm({ executionArn, onCancel }: { executionArn: string; onCancel: () => void }) {
  const router = useRouter();
  const detail = useQuery(executionQueryOptions(executionArn));
  const stored = useQuery(executionDefinitionQueryOptions(executionArn));
  const recordedInput = useMemo(() => pretty(detail.data?.input ?? null), [detail.data?.input]);
  const recordedDefinition = useMemo(() => pretty(stored.data?.definition ?? null), [stored.data?.definition]);
  const [input, setInput] = useState<string | null>(null);
  const [definition, setDefinition] = useState<string | null>(null);
  const [editDefinition, setEditDefinition] = useState(false);
  const [definitionErrors, setDefinitionErrors] = useState<ReplayPathError[]>([]);
  const [running, setRunning] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; errors: readonly ReplayPathError[] } | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);

  const inputText = input ?? recordedInput ?? "";
  const definitionText = definition ?? recordedDefinition ?? "";
  const noStoredDefinition = stored.data !== undefined && stored.data.definition === null;
  const editing = editDefinition || noStoredDefinition;
  const inputError =
    inputText.trim() === "" && recordedInput === null
      ? { path: "/input", message: "the recorded input is missing: type one" }
      : inputText.trim() === ""
        ? null
        : checkReplayInput(inputText);

  useEffect(() => {
    if (!editing) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      validateLocalDefinition(definitionText, controller.signal)
        .then((found) =>
          setDefinitionErrors(
            found.map((e) => ({ path: `/definition${e.path === "/" ? "" : e.path}`, message: e.message })),
          ),
        )
        .catch(() => {});
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [definitionText, editing]);

  function select(path: string): void {
    const range = locateJsonPointer(definitionText, path.replace(/^\/definition/, ""));
    const textarea = editor.current;
    if (range === null || textarea === null) return;
    textarea.focus();
    textarea.setSelectionRange(range.start, range.end);
  }

  async function run(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setRunning(true);
    setRefusal(null);
    const body: { input?: string; definition?: string } = {};
    // Unchanged texts are left out, so the replay runs the recorded input and definition byte for byte.
    if (input !== null && input !== recordedInput) body.input = input;
    if (editing && definition !== null && definition !== recordedDefinition) body.definition = definition;
    else if (noStoredDefinition) body.definition = definitionText;
    const outcome = await postLocalReplay(executionArn, body).catch((err: unknown) => ({
      type: "refused" as const,
      message: err instanceof Error ? err.message : String(err),
      errors: [],
    }));
    if (outcome.type === "replayed") {
      router.push(replayCompareHref(outcome.executionArn, outcome.replayOf));
      return;
    }
    setRefusal({ message: outcome.message, errors: outcome.errors });
    setRunning(false);
  }

  const blocked = inputError !== null || (editing && definitionErrors.length > 0);
  return (
    <form
      method="dialog"
      onSubmit={run}
      className="flex max-h-[90vh] flex-col gap-3 overflow-auto p-5"
      data-testid="replay-locally-form"
    >
      <h2 id="replay-locally-title" className="text-base font-semibold">
        Replay locally
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Re-runs this execution in the bundled interpreter. Every Task gets the result this execution recorded for it,
        attempt by attempt; a Task the recording never ran fails with “No task resolution”. The replay is stored as a
        local execution and opens beside this one.
      </p>
      <label className={label}>
        Input (JSON)
        <textarea
          name="input"
          className={`${area} h-32`}
          spellCheck={false}
          value={inputText}
          onChange={(e) => setInput(e.target.value)}
          aria-invalid={inputError !== null}
        />
      </label>
      {inputError ? (
        <p className="text-sm text-red-700 dark:text-red-400" data-testid="replay-input-error">
          {inputError.path}: {inputError.message}
        </p>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          name="editDefinition"
          checked={editing}
          disabled={noStoredDefinition}
          onChange={(e) => setEditDefinition(e.target.checked)}
        />
        Edit the definition
        {noStoredDefinition ? (
          <span className="text-xs text-zinc-500">
            (no definition is stored for this execution: paste the one it ran)
          </span>
        ) : null}
      </label>
      {editing ? (
        <div>
          <label className={label}>
            Definition (Amazon States Language)
            <textarea
              name="definition"
              ref={editor}
              className={`${area} h-72`}
              spellCheck={false}
              value={definitionText}
              onChange={(e) => setDefinition(e.target.value)}
              aria-invalid={definitionErrors.length > 0}
            />
          </label>
          <DefinitionErrors errors={locate(definitionText, definitionErrors)} onSelect={select} />
        </div>
      ) : null}
      {refusal ? (
        <div role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="replay-refused">
          <p>{refusal.message}</p>
          <DefinitionErrors errors={locate(definitionText, refusal.errors)} onSelect={select} />
        </div>
      ) : null}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={blocked || running || detail.isPending || stored.isPending}
          className="rounded bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
        >
          {running ? "Replaying…" : "Replay"}
        </button>
        <button
          type="button"
          onClick={onCancel}
          className="rounded border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700"
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

/** JSON text indented for editing; the text as stored when it is not JSON; null when absent. */
function pretty(text: string | null): string | null {
  if (text === null) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function locate(definition: string, errors: readonly ReplayPathError[]): LocatedError[] {
  return errors.map((e) => ({
    ...e,
    line: e.path.startsWith("/definition")
      ? (locateJsonPointer(definition, e.path.slice("/definition".length))?.line ?? null)
      : null,
  }));
}
