/** The formats the executions list exports to: CSV (RFC 4180, a header line) or JSON Lines. */
export const executionExportFormats = ["csv", "jsonl"] as const;
export type ExecutionExportFormat = (typeof executionExportFormats)[number];
