import type { TestSendResult } from "@/lib/alerts/send-test-alert";

/** What each target answered to a rule's test send: ✓ sent, or ✕ with the channel's error. */
export function TestSendResults({
  rule,
  results,
  onClose,
}: {
  rule: string;
  results: readonly TestSendResult[] | null;
  onClose: () => void;
}) {
  return (
    <div
      role="status"
      className="rounded border border-zinc-200 p-2 text-sm dark:border-zinc-800"
      data-testid="alert-test-results"
    >
      <div className="flex items-baseline gap-2">
        <span className="font-medium">Test of {rule}</span>
        {results === null ? <span className="text-zinc-500">sending…</span> : null}
        <button className="ml-auto text-xs text-zinc-500 underline" onClick={onClose}>
          Close
        </button>
      </div>
      {results === null ? null : (
        <ul className="mt-1 space-y-0.5">
          {results.map((r) => (
            <li key={r.index} data-testid="alert-test-result">
              {r.ok ? (
                <span className="text-emerald-700 dark:text-emerald-400">✓ sent</span>
              ) : (
                <span className="text-red-700 dark:text-red-400">✕ failed</span>
              )}{" "}
              to {r.label}
              {r.error ? <span className="text-zinc-600 dark:text-zinc-400">: {r.error}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
