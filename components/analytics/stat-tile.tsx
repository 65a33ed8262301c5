import type { ReactNode } from "react";

/** One headline figure with its label and an optional note (how it was computed). */
export function StatTile({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: ReactNode;
  note?: string;
  testId?: string;
}) {
  return (
    <div className="rounded border border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid={testId}>
      <div className="text-xs text-zinc-500 dark:text-zinc-400">{label}</div>
      <div className="text-lg tabular-nums">{value}</div>
      {note ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{note}</div> : null}
    </div>
  );
}
