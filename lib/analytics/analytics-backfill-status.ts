// Types only, so the analytics components can take it without importing the database.

/** Where the once-per-database backfill stands, for the analytics pages to say so. */
export type AnalyticsBackfillStatus =
  | { readonly state: "complete" }
  /** `counted` of `total` executions stored before the analytics tables are in the figures so far. */
  | { readonly state: "running"; readonly counted: number; readonly total: number };
