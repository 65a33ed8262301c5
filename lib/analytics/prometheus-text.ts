/** One metric family in the Prometheus text exposition format (version 0.0.4). */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge";
  readonly samples: readonly { readonly labels: Readonly<Record<string, string>>; readonly value: number }[];
}

// Label values escape backslash, double quote and newline; HELP escapes backslash and newline.
const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

/** Renders metric families as `text/plain; version=0.0.4`. */
export function toPrometheusText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(",");
      lines.push(`${f.name}${labels ? `{${labels}}` : ""} ${Number.isFinite(s.value) ? s.value : 0}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
