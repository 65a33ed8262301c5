/**
 * Every TanStack Query key of the client, in one table. An execution's reads sit under
 * `["execution", arn]` so an action invalidates them together; its definition sits apart
 * (`["definition", arn]`) because it never changes for an execution and is kept forever.
 */
export const queryKeys = {
  executions: () => ["executions"] as const,
  executionList: (search: string) => ["executions", search] as const,
  execution: (executionArn: string) => ["execution", executionArn] as const,
  executionEvents: (executionArn: string) => ["execution", executionArn, "events"] as const,
  executionRuns: (executionArn: string) => ["execution", executionArn, "runs"] as const,
  executionView: (executionArn: string) => ["execution", executionArn, "view"] as const,
  /** One URL per choice of Map iterations. */
  executionOverlay: (executionArn: string, url: string) => ["execution", executionArn, "overlay", url] as const,
  /** Keyed by the event count too, so a running execution's new runs are read again. */
  executionNodeRuns: (executionArn: string, nodeId: string, eventCount: number) =>
    ["execution", executionArn, "node-runs", nodeId, eventCount] as const,
  /** Keyed by the event count too, so a run that ended since it was read is read again. */
  executionRun: (executionArn: string, runKey: string | null, eventCount: number) =>
    ["execution", executionArn, "run", runKey, eventCount] as const,
  executionActions: (executionArn: string) => ["execution", executionArn, "actions"] as const,
  executionMapRuns: (executionArn: string) => ["execution", executionArn, "map-runs"] as const,
  executionComparable: (executionArn: string) => ["execution", executionArn, "comparable"] as const,
  executionDefinition: (executionArn: string) => ["definition", executionArn] as const,
  event: (executionArn: string, eventId: number) => ["event", executionArn, eventId] as const,
  bulkAction: (id: string) => ["bulk-action", id] as const,
  users: () => ["users"] as const,
  savedViews: () => ["saved-views"] as const,
  alerts: () => ["alerts"] as const,
  awsSources: () => ["aws-sources"] as const,
  analyticsBackfill: () => ["analytics-backfill"] as const,
};
