/** The `loggingConfiguration` fields that decide how much of an Express history the logs hold. */
export interface ExpressLogging {
  readonly level?: string | undefined;
  readonly includeExecutionData?: boolean | undefined;
}

/**
 * Why an Express workflow's histories from its logs are partial, or null when the logging
 * configuration records every event with its data (`level: ALL`, `includeExecutionData: true`).
 */
export function getExpressPartialReason(logging: ExpressLogging): string | null {
  const reasons: string[] = [];
  if (logging.level !== "ALL") {
    reasons.push(
      `log level is ${logging.level ?? "OFF"}, so only ${logging.level === "ERROR" ? "error events are" : logging.level === "FATAL" ? "fatal events are" : "no events are"} logged`,
    );
  }
  if (logging.includeExecutionData !== true)
    reasons.push("execution data is excluded, so inputs and outputs are missing");
  if (reasons.length === 0) return null;
  return `${reasons.join("; ")}. Set the state machine's logging configuration to level ALL with includeExecutionData true for whole histories.`;
}
