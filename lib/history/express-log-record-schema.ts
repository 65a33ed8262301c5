import { z } from "zod";

const integerString = (field: string) =>
  z
    .string({ error: `expected \`${field}\` to be a string of digits` })
    .regex(/^\d+$/, { error: `expected \`${field}\` to be a string of digits` });

/**
 * One Express workflow CloudWatch Logs record (log level ALL/ERROR/FATAL, `includeExecutionData`
 * optional): every scalar a string, `event_timestamp` in epoch milliseconds, `details` the
 * event's details with payloads as strings.
 */
export const expressLogRecordSchema = z.looseObject({
  id: integerString("id"),
  type: z.string({ error: "missing `type`" }).min(1, { error: "missing `type`" }),
  details: z.record(z.string(), z.unknown()).nullish(),
  previous_event_id: integerString("previous_event_id").nullish(),
  event_timestamp: integerString("event_timestamp"),
  execution_arn: z.string({ error: "missing `execution_arn`" }).min(1, { error: "missing `execution_arn`" }),
  redrive_count: z.string().nullish(),
});

/** A parsed Express log record. */
export type ExpressLogRecord = z.infer<typeof expressLogRecordSchema>;
