"use client";

import { useState, type ChangeEvent } from "react";
import { postTestChange, type TestChangeOutcome } from "@/lib/actions/test-change-client";
import { maxTestedExecutions, type TestChangeRequest } from "@/lib/actions/test-change-request";
import { TestChangeResults } from "./test-change-results";

/** A failure group to pick from. */
export interface TestableFailureGroup {
  readonly signature: string;
  readonly label: string;
  readonly count: number;
}

type Kind = TestChangeRequest["selection"]["kind"];

const field =
  "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";

/**
 * "Test a change": paste or upload a changed definition, pick recorded executions (the last N, a
 * failure group's, a query's), replay them against it and see what changed, execution by execution.
 */
export function TestChangePanel({
  stateMachineArn,
  definition,
  groups,
  canRun,
}: {
  stateMachineArn: string;
  definition: string | null;
  groups: readonly TestableFailureGroup[];
  canRun: boolean;
}) {
  const [text, setText] = useState(definition ?? "");
  const [kind, setKind] = useState<Kind>("last");
  const [count, setCount] = useState(10);
  const [signature, setSignature] = useState(groups[0]?.signature ?? "");
  const [query, setQuery] = useState("");
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<TestChangeOutcome | null>(null);

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setText(await file.text());
  };
  const run = async () => {
    setRunning(true);
    setOutcome(null);
    const n = Math.min(Math.max(1, Math.trunc(count) || 1), maxTestedExecutions);
    const selection: TestChangeRequest["selection"] =
      kind === "last"
        ? { kind, count: n }
        : kind === "failure-group"
          ? { kind, signature, count: n }
          : { kind, q: query, count: n };
    try {
      setOutcome(await postTestChange(stateMachineArn, { definition: text, selection }));
    } catch (err) {
      setOutcome({ type: "refused", message: err instanceof Error ? err.message : String(err), errors: [] });
    } finally {
      setRunning(false);
    }
  };
  const ready =
    text.trim() !== "" && (kind !== "failure-group" || signature !== "") && (kind !== "query" || query.trim() !== "");

  return (
    <div className="space-y-6" data-testid="test-change-panel">
      <p className="max-w-3xl text-sm text-zinc-600 dark:text-zinc-400">
        Replays recorded executions of this state machine against a changed definition, each Task answered with the
        result it recorded, attempt by attempt: nothing outside is called. A Task no recording ran fails, naming it.
      </p>
      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <label className="flex min-w-0 flex-col gap-1 text-sm">
          <span className="flex flex-wrap items-center justify-between gap-2">
            <span className="font-medium">Changed definition</span>
            <span className="text-xs text-zinc-500">
              Paste it, or{" "}
              <input
                type="file"
                accept=".json,application/json"
                aria-label="Upload a definition"
                onChange={(e) => void upload(e)}
                className="text-xs file:mr-2 file:rounded file:border file:border-zinc-300 file:bg-white file:px-2 file:py-0.5 file:text-xs dark:file:border-zinc-700 dark:file:bg-zinc-900 dark:file:text-zinc-100"
              />
            </span>
          </span>
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            rows={16}
            data-testid="test-change-definition"
            placeholder='{"StartAt": "…", "States": {…}}'
            className={`${field} font-mono text-xs`}
          />
        </label>
        <fieldset className="flex min-w-0 flex-col gap-3 text-sm">
          <legend className="mb-1 font-medium">Executions to replay</legend>
          <label className="flex items-center gap-2">
            <span>The newest</span>
            <input
              type="number"
              min={1}
              max={maxTestedExecutions}
              value={count}
              onChange={(e) => setCount(Number(e.target.value))}
              className={`${field} w-20 tabular-nums`}
              aria-label="How many executions"
            />
            <span className="text-xs text-zinc-500">(at most {maxTestedExecutions}; local runs left out)</span>
          </label>
          {(
            [
              ["last", "of this state machine"],
              ["failure-group", "of a failure group"],
              ["query", "matching a query"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="test-change-kind" checked={kind === value} onChange={() => setKind(value)} />
              <span>{label}</span>
            </label>
          ))}
          {kind === "failure-group" ? (
            groups.length === 0 ? (
              <p className="text-xs text-zinc-500">No failure groups in this range: widen the range above.</p>
            ) : (
              <select
                value={signature}
                onChange={(e) => setSignature(e.target.value)}
                className={`${field} max-w-full`}
                aria-label="Failure group"
              >
                {groups.map((g) => (
                  <option key={g.signature} value={g.signature}>
                    {g.label} ({g.count.toLocaleString("en")})
                  </option>
                ))}
              </select>
            )
          ) : null}
          {kind === "query" ? (
            <input
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder='status = "FAILED" AND input.order.amount > 100'
              aria-label="Query"
              className={`${field} font-mono text-xs`}
            />
          ) : null}
          <div className="flex flex-wrap items-center gap-3 pt-2">
            <button
              type="button"
              onClick={() => void run()}
              disabled={!canRun || running || !ready}
              data-testid="test-change-run"
              className="rounded bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700 disabled:cursor-not-allowed disabled:opacity-50"
            >
              {running ? "Replaying…" : "Run the test"}
            </button>
            {canRun ? null : <span className="text-xs text-zinc-500">Operators and admins can run a test.</span>}
          </div>
        </fieldset>
      </div>
      {outcome?.type === "refused" ? (
        <div role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="test-change-error">
          <p>{outcome.message}</p>
          {outcome.errors.length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {outcome.errors.map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  <code className="font-mono">{e.path}</code>: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {outcome?.type === "tested" ? <TestChangeResults answer={outcome} /> : null}
    </div>
  );
}
