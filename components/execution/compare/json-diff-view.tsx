import type { JsonChange } from "@/lib/execution-view/diff-json";

const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));
const sign = { added: "+", removed: "−", changed: "~" } as const;

/** The changes from one JSON document to another, one row per JSON Pointer path. */
export function JsonDiffView({
  changes,
  label,
  noun = "inputs",
  testId = "compare-input-diff",
  columns = ["This execution", "Compared with"],
}: {
  changes: readonly JsonChange[];
  label: string;
  /** What is compared, for the "identical" line. */
  noun?: string;
  testId?: string;
  /** Headers of the old and the new value's columns. */
  columns?: readonly [string, string];
}) {
  if (changes.length === 0) return <p className="text-sm text-zinc-500">The {noun} are identical.</p>;
  return (
    <table className="w-full text-sm" aria-label={label} data-testid={testId}>
      <thead>
        <tr className="text-left text-zinc-500">
          <th className="py-1 pr-2 font-normal">Change</th>
          <th className="py-1 pr-2 font-normal">Path</th>
          <th className="py-1 pr-2 font-normal">{columns[0]}</th>
          <th className="py-1 pr-2 font-normal">{columns[1]}</th>
        </tr>
      </thead>
      <tbody className="font-mono">
        {changes.map((c) => (
          <tr key={`${c.kind}:${c.path}`} className="align-top">
            <td className="py-1 pr-2 font-sans">
              <span aria-hidden className="mr-1">
                {sign[c.kind]}
              </span>
              {c.kind}
            </td>
            <td className="break-all py-1 pr-2">{c.path === "" ? `(whole ${noun.replace(/s$/, "")})` : c.path}</td>
            <td className="break-all py-1 pr-2 text-red-800 dark:text-red-300">
              {c.kind === "added" ? "" : show(c.oldValue)}
            </td>
            <td className="break-all py-1 pr-2 text-green-800 dark:text-green-300">
              {c.kind === "removed" ? "" : show(c.newValue)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
