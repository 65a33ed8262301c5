import type { ExecutionExportFormat } from "@/lib/queries/execution-export-format";

const labels: Record<ExecutionExportFormat, { text: string; title: string }> = {
  csv: { text: "CSV", title: "Download every execution this list selects as CSV" },
  jsonl: { text: "JSON Lines", title: "Download every execution this list selects as JSON Lines" },
};

/** Downloads of the list as filtered and sorted now (the hrefs carry its query and filters). */
export function ExportLinks({ hrefOf }: { hrefOf: (format: ExecutionExportFormat) => string }) {
  return (
    <span className="inline-flex items-center gap-1 text-sm" data-testid="export-links">
      <span className="text-zinc-600 dark:text-zinc-400">Export</span>
      {(Object.keys(labels) as ExecutionExportFormat[]).map((format) => (
        <a
          key={format}
          href={hrefOf(format)}
          download
          title={labels[format].title}
          className="rounded px-2 py-1 ring-1 ring-inset ring-zinc-300 hover:bg-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-800"
        >
          {labels[format].text}
        </a>
      ))}
    </span>
  );
}
