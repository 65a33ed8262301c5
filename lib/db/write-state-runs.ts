// Moved to lib/store; kept for lib/ingest/store-execution.ts until its writes move (issue 13, round two).
export { replaceStateRuns } from "@/lib/store/write-state-runs";
