import { canonicalTimestamp } from "./canonical-timestamp";
import { checkAwsHistory } from "./check-aws-history";
import { eventPlaces } from "./event-places";
import { historyBundleSchema, type DescribeExecution, type DescribeStateMachine } from "./describe-schemas";
import { identityFromArn } from "./identity-from-arn";
import { parseHistoryEvents } from "./parse-history-events";
import type { DescribedExecution, ParsedExecution, StateMachineInfo } from "./types";
import { zodInputError } from "./zod-issue-location";

/**
 * Reads a bundle `{"execution": <describe-execution>, "stateMachine"?: <describe-state-machine>, "events": [...]}`:
 * identity from `execution.executionArn` (type from `stateMachine.type`, else the ARN),
 * `described` from the `describe-execution` fields, `stateMachine` with its `definition`.
 * The events are checked as `checkAwsHistory` does, `status` against them included.
 * @throws {HistoryInputError} with the JSON Pointer of the first fault.
 */
export function parseBundle(document: unknown, file: string | undefined): ParsedExecution {
  const where = file === undefined ? {} : { file };
  const parsed = historyBundleSchema.safeParse(document);
  if (!parsed.success) throw zodInputError(parsed.error, { ...where, path: "" });
  const { execution, stateMachine } = parsed.data;
  const events = parseHistoryEvents(parsed.data.events, { ...where, path: "/events" });
  const arnPlace = { ...where, path: "/execution/executionArn" };
  const identity = identityFromArn(execution.executionArn, arnPlace, describedFrom(execution), stateMachine?.type);
  const result: ParsedExecution = {
    identity,
    stateMachine: stateMachine === undefined ? null : stateMachineFrom(stateMachine, identity.type),
    events,
  };
  const warnings = checkAwsHistory(result, {
    event: eventPlaces(parsed.data.events, events, { ...where, path: "/events" }),
    executionArn: arnPlace,
    describedStatus: { ...where, path: "/execution/status" },
    stateMachineName: { ...where, path: "/stateMachine/name" },
  });
  return warnings.length === 0 ? result : { ...result, warnings };
}

function describedFrom(execution: DescribeExecution): DescribedExecution {
  const date = (value: unknown): string | undefined => canonicalTimestamp(value) ?? undefined;
  const entries: [string, unknown][] = [
    ["status", execution.status],
    ["startDate", date(execution.startDate)],
    ["stopDate", date(execution.stopDate)],
    ["input", execution.input],
    ["output", execution.output],
    ["error", execution.error],
    ["cause", execution.cause],
    ["redriveCount", execution.redriveCount],
    ["redriveDate", date(execution.redriveDate)],
    ["redriveStatus", execution.redriveStatus],
    ["redriveStatusReason", execution.redriveStatusReason],
    ["mapRunArn", execution.mapRunArn],
    ["stateMachineVersionArn", execution.stateMachineVersionArn],
    ["stateMachineAliasArn", execution.stateMachineAliasArn],
    ["traceHeader", execution.traceHeader],
  ];
  // exactOptionalPropertyTypes: absent fields must be absent, not `undefined`.
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as DescribedExecution;
}

function stateMachineFrom(machine: DescribeStateMachine, fallbackType: StateMachineInfo["type"]): StateMachineInfo {
  return {
    stateMachineArn: machine.stateMachineArn,
    name: machine.name,
    type: machine.type ?? fallbackType,
    definition: machine.definition,
    roleArn: machine.roleArn ?? null,
    revisionId: machine.revisionId ?? null,
    loggingConfiguration: machine.loggingConfiguration ?? null,
  };
}
