/**
 * `lib/history`: the canonical AWS Step Functions `HistoryEvent` model, the parsers for
 * every input shape, and the derivations everything downstream reads. Pure; runs in the
 * browser too.
 */
export type * from "./types";
export { HistoryInputError, formatInputLocation } from "./history-input-error";
export { parseHistoryFile, type ParseHistoryFileOptions } from "./parse-history-file";
export { parseHistoryEvents, type ParseEventsOptions } from "./parse-history-events";
export { parseExpressLogRecords } from "./parse-express-log-records";
export { parseExecutionArn, type ExecutionArnParts } from "./parse-execution-arn";
export { deriveHistory } from "./derive-history";
export { eventDetailsKey, isKnownEventType } from "./event-details-key";
export { classifyEvent, type EventKind } from "./classify-event";
export { canonicalTimestamp } from "./canonical-timestamp";
export { eventDetails, detailString, detailNumber } from "./event-details";
export { describeExecutionSchema, describeStateMachineSchema, historyBundleSchema } from "./describe-schemas";
export { expressLogRecordSchema } from "./express-log-record-schema";
export { IMPORTED_STATE_MACHINE_ARN } from "./synthesize-identity";
