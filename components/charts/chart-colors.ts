/** Fixed status colours for charts (the same hues as the status badges), with their label and icon. */
export const statusSeries = [
  { key: "succeeded", label: "✓ Succeeded", color: "#16a34a" },
  { key: "failed", label: "✕ Failed", color: "#dc2626" },
  { key: "timed_out", label: "◔ Timed out", color: "#ea580c" },
  { key: "aborted", label: "■ Aborted", color: "#71717a" },
  { key: "running", label: "▶ Running", color: "#2563eb" },
  { key: "pending_redrive", label: "↻ Pending redrive", color: "#93c5fd" },
] as const;
