// Moved to lib/store; kept for lib/ingest/store-execution.ts until its writes move (issue 13, round two).
export { writeHistoryEvents, type EventWriteMethod } from "@/lib/store/write-history-events";
