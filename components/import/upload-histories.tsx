"use client";

import { useRef, useState } from "react";
import { stripFilePrefix } from "@/lib/format/strip-file-prefix";

/** One line of the upload's report. */
export interface UploadOutcome {
  readonly file: string;
  readonly ok: boolean;
  readonly message: string;
  /** What was accepted but repaired (the API's `warnings`), each shown on its own line. */
  readonly warnings: readonly string[];
}

/**
 * Upload of history files (get-execution-history JSON, bundles with describe-execution,
 * Express log records). Files go one by one; a progress bar counts them; each gets its
 * own line: stored, already there, or refused with the place of the fault.
 */
export function UploadHistories({ onImported }: { onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  const [outcomes, setOutcomes] = useState<UploadOutcome[]>([]);

  async function upload(files: File[]) {
    if (!files.length) return;
    setOutcomes([]);
    setBusy({ done: 0, total: files.length });
    const results: UploadOutcome[] = [];
    for (const [i, file] of files.entries()) {
      const form = new FormData();
      form.append("file", file);
      try {
        const res = await fetch("/api/import", { method: "POST", body: form });
        const body = (await res.json()) as ImportAnswer;
        results.push(describe(file.name, res.ok, body));
      } catch (err) {
        results.push({
          file: file.name,
          ok: false,
          message: err instanceof Error ? err.message : String(err),
          warnings: [],
        });
      }
      setBusy({ done: i + 1, total: files.length });
      setOutcomes([...results]);
    }
    setBusy(null);
    if (input.current) input.current.value = "";
    if (results.some((r) => r.ok)) onImported();
  }

  return (
    <div
      className="flex items-center gap-2"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        void upload([...e.dataTransfer.files]);
      }}
    >
      <label className="cursor-pointer rounded border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
        Import histories…
        <input
          ref={input}
          type="file"
          multiple
          accept=".json,.jsonl,.ndjson,.log,application/json"
          className="sr-only"
          data-testid="import-input"
          onChange={(e) => void upload([...(e.target.files ?? [])])}
          disabled={busy !== null}
        />
      </label>
      {busy ? (
        <progress max={busy.total} value={busy.done} aria-label="Import progress" className="w-32">
          {busy.done}/{busy.total}
        </progress>
      ) : null}
      {outcomes.length ? (
        <ul
          className="absolute right-6 top-14 z-10 max-w-xl space-y-1 rounded border border-zinc-200 bg-white p-3 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
          role="status"
          data-testid="import-report"
        >
          {outcomes.map((o, i) => (
            <li key={i} className={o.ok ? "text-green-800 dark:text-green-300" : "text-red-700 dark:text-red-400"}>
              {o.ok ? "✓" : "✕"} <span className="font-mono">{o.file}</span>: {o.message}
              {/* A repaired file is stored, but not as it said: its warnings stand apart from the green "stored". */}
              {o.warnings.map((w, j) => (
                <p key={j} className="ml-4 text-amber-800 dark:text-amber-300" data-testid="import-warning">
                  ⚠ warning: {w}
                </p>
              ))}
            </li>
          ))}
          <li>
            <button type="button" className="text-zinc-500 underline" onClick={() => setOutcomes([])}>
              Dismiss
            </button>
          </li>
        </ul>
      ) : null}
    </div>
  );
}

type ImportAnswer =
  | {
      executions: { executionArn: string; status: string; created: boolean; eventsWritten: number }[];
      warnings?: string[];
    }
  | { error: { message: string } };

function describe(file: string, ok: boolean, body: ImportAnswer): UploadOutcome {
  if (!ok || "error" in body)
    return {
      file,
      ok: false,
      message: "error" in body ? stripFilePrefix(body.error.message, file) : "refused",
      warnings: [],
    };
  const parts = body.executions.map((e) =>
    e.created || e.eventsWritten > 0
      ? `stored ${e.status.toLowerCase()} execution (${e.eventsWritten} events)`
      : "already stored",
  );
  return {
    file,
    ok: true,
    message: parts.join("; ") || "no executions in file",
    warnings: (body.warnings ?? []).map((w) => stripFilePrefix(w, file)),
  };
}
