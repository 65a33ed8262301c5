import type { SourceRow } from "@/lib/queries/list-sources";
import { RemoveDemoButton } from "./remove-demo-button";

/** Every source with what it holds; the demo source is marked so. */
export function SourcesTable({ sources }: { sources: readonly SourceRow[] }) {
  return (
    <table className="mb-6 w-full text-left" data-testid="sources-table">
      <thead className="text-xs uppercase tracking-wide text-zinc-500">
        <tr>
          {["Name", "Kind", "Account / region", "Executions", "Last error"].map((h) => (
            <th key={h} scope="col" className="border-b border-zinc-200 px-3 py-2 font-medium dark:border-zinc-800">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sources.map((s) => (
          <tr key={s.id} className="border-b border-zinc-100 dark:border-zinc-800/60">
            <td className="px-3 py-1.5">
              {s.name}
              {s.isDemo ? (
                <>
                  <span className="ml-1 mr-2 rounded bg-amber-100 px-1 text-xs text-amber-800 dark:bg-amber-900 dark:text-amber-200">
                    demo
                  </span>
                  <RemoveDemoButton />
                </>
              ) : null}
            </td>
            <td className="px-3 py-1.5">{s.kind}</td>
            <td className="px-3 py-1.5">{[s.accountId, s.region].filter(Boolean).join(" / ") || "—"}</td>
            <td className="px-3 py-1.5 tabular-nums">{s.executions.toLocaleString("en")}</td>
            {/* An AWS source's error is shown (with its remedy) in its own panel above: once is enough. */}
            <td className="px-3 py-1.5 text-red-700" data-testid="source-last-error">
              {s.kind === "AWS" ? (
                s.lastError ? (
                  <span className="text-zinc-500">see above</span>
                ) : (
                  ""
                )
              ) : (
                (s.lastError ?? "")
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
