import type { BulkActionView } from "@/lib/actions/execution-actions-client";

/** A bulk action's progress bar and counts (done / refused / failed of the total). */
export function BulkProgress({ view }: { view: BulkActionView }) {
  const finished = view.counts.done + view.counts.refused + view.counts.failed;
  const percent = view.total === 0 ? 100 : Math.round((finished / view.total) * 100);
  return (
    <div className="flex flex-col gap-1" data-testid="bulk-progress">
      <progress
        className="h-2 w-full"
        max={view.total}
        value={finished}
        aria-label={`${finished} of ${view.total} done`}
      />
      <p className="text-xs">
        {view.state === "DONE" ? "Done" : "Running"} · {finished}/{view.total} ({percent}%) · {view.counts.done} ok
        {view.counts.refused ? ` · ${view.counts.refused} refused by AWS` : ""}
        {view.counts.failed ? ` · ${view.counts.failed} failed` : ""}
      </p>
      {view.items.some((i) => i.message) ? (
        <ul className="max-h-32 overflow-auto text-xs text-red-700 dark:text-red-400">
          {view.items
            .filter((i) => i.message)
            .map((i) => (
              <li key={i.position}>
                <span className="font-mono">{i.executionArn.slice(i.executionArn.lastIndexOf(":") + 1)}</span>:{" "}
                {i.message}
              </li>
            ))}
        </ul>
      ) : null}
    </div>
  );
}
