"use client";

import { MockConfigFields } from "@/components/local-runs/mock-config-fields";
import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { postLocalRedrive, type LocalRedriveOutcome } from "@/lib/actions/local-replay-client";

/** What a redrive that ran answered (its count, status and error), kept by the page after the button goes. */
export type LocalRedriveResult = Extract<LocalRedriveOutcome, { type: "redriven" }>;
import { queryKeys } from "@/lib/api-client/query-keys";

/**
 * "Redrive locally" for a failed execution of the bundled interpreter: the interpreter's
 * redrive continues the same execution from what failed. The Tasks it re-runs are answered
 * by an optional MockConfigFile test case (keyed by the state machine's name); without one
 * they have no resolution and fail again. `onRedriven` gets the result before the execution's
 * query is refreshed: a redrive that succeeds makes this button go (the execution is no longer
 * failed), so the caller shows the result.
 */
/** The last redrive's result, as the execution page shows it beside its actions. */
export function RedriveLocallyResult({ result }: { result: LocalRedriveResult }) {
  return (
    <span role="status" className="text-sm" data-testid="redrive-locally-result">
      Redrive {result.redriveCount}: {result.status.toLowerCase()}
      {result.error ? ` (${result.error})` : ""}
    </span>
  );
}

export function RedriveLocallyDialog({
  executionArn,
  stateMachineName,
  onRedriven,
}: {
  executionArn: string;
  stateMachineName: string;
  onRedriven: (result: LocalRedriveResult) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const [mockConfig, setMockConfig] = useState("");
  const [testCase, setTestCase] = useState("");
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<LocalRedriveOutcome | null>(null);

  async function run(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setRunning(true);
    const body = mockConfig.trim() === "" ? {} : { mockConfig, testCase: testCase.trim() };
    const answer = await postLocalRedrive(executionArn, body).catch((err: unknown) => ({
      type: "refused" as const,
      message: err instanceof Error ? err.message : String(err),
      errors: [],
    }));
    setOutcome(answer);
    setRunning(false);
    if (answer.type === "redriven") {
      onRedriven(answer);
      dialog.current?.close();
      await queryClient.invalidateQueries({ queryKey: queryKeys.execution(executionArn) });
    }
  }

  return (
    <>
      <button
        type="button"
        data-testid="redrive-locally-open"
        className="rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        onClick={() => {
          setOutcome(null);
          dialog.current?.showModal();
        }}
      >
        Redrive locally
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="redrive-locally-title"
        data-testid="redrive-locally-dialog"
        className="w-[min(48rem,95vw)] rounded border border-zinc-300 bg-white p-0 text-zinc-900 backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <form method="dialog" onSubmit={run} className="flex flex-col gap-3 p-5">
          <h2 id="redrive-locally-title" className="text-base font-semibold">
            Redrive locally
          </h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Continues this execution in the bundled interpreter from what failed; what succeeded is not run again. Tasks
            that re-run are answered by the mock config below (its StateMachines key is{" "}
            <code className="font-mono">{stateMachineName}</code>); without one they have no resolution and fail again.
          </p>
          <MockConfigFields
            caption="Mock config (optional MockConfigFile)"
            mockConfig={mockConfig}
            onMockConfig={setMockConfig}
            testCase={testCase}
            onTestCase={setTestCase}
            heightClass="h-40"
          />
          {outcome?.type === "refused" ? (
            <div role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="redrive-locally-refused">
              <p>{outcome.message}</p>
              <ul>
                {outcome.errors.map((e) => (
                  <li key={e.path}>
                    <code className="font-mono">{e.path}</code>: {e.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="flex gap-2">
            <button
              type="submit"
              disabled={running}
              className="rounded bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
            >
              {running ? "Redriving…" : "Redrive"}
            </button>
            <button
              type="button"
              onClick={() => dialog.current?.close()}
              className="rounded border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700"
            >
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
