import type { ExampleAccount } from "./example-state-machines";
import { exampleRoleArn, lambdaArn, stateMachineArn } from "./example-state-machines";
import type { StateMachineInfo } from "@/lib/history/types";

export const trialReminderName = "trial-reminder";

/**
 * A JSONata workflow with variables and a long Wait: remember the trial in variables, wait
 * three days, check usage; convert, remind once (counting reminders in a variable), or let
 * the trial expire.
 */
export function trialReminderDefinition(account: ExampleAccount): Record<string, unknown> {
  return {
    Comment: "JSONata + variables: wait out a trial, remind once, convert or expire.",
    QueryLanguage: "JSONata",
    StartAt: "StartTrial",
    States: {
      StartTrial: {
        Type: "Pass",
        Assign: { accountId: "{% $states.input.accountId %}", plan: "{% $states.input.plan %}", reminders: 0 },
        Next: "WaitThreeDays",
      },
      WaitThreeDays: { Type: "Wait", Seconds: 259200, Next: "CheckUsage" },
      CheckUsage: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke",
        Arguments: {
          FunctionName: lambdaArn(account, "check-usage"),
          Payload: { accountId: "{% $accountId %}", plan: "{% $plan %}" },
        },
        Output: "{% $states.result.Payload %}",
        Retry: [
          { ErrorEquals: ["Lambda.TooManyRequestsException"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 },
        ],
        Next: "IsConverted",
      },
      IsConverted: {
        Type: "Choice",
        Choices: [
          { Condition: "{% $states.input.converted %}", Next: "Welcome" },
          { Condition: "{% $reminders >= 1 %}", Next: "TrialExpired" },
        ],
        Default: "SendReminder",
      },
      SendReminder: {
        Type: "Task",
        Resource: "arn:aws:states:::sns:publish",
        Arguments: {
          TopicArn: `arn:aws:sns:${account.region}:${account.accountId}:trial-reminders`,
          Message: "{% 'Your ' & $plan & ' trial ends in three days (' & $accountId & ')' %}",
        },
        Assign: { reminders: "{% $reminders + 1 %}" },
        Next: "WaitThreeDays",
      },
      Welcome: { Type: "Succeed" },
      TrialExpired: { Type: "Fail", Error: "Trial.Expired", Cause: "No conversion after a reminder." },
    },
  };
}

export function trialReminderStateMachine(account: ExampleAccount): StateMachineInfo {
  return {
    stateMachineArn: stateMachineArn(account, trialReminderName),
    name: trialReminderName,
    type: "STANDARD",
    definition: JSON.stringify(trialReminderDefinition(account), null, 2),
    roleArn: exampleRoleArn(account, trialReminderName),
    revisionId: "0d5e7a1c-3b2f-4c8e-9a6d-000000000006",
    loggingConfiguration: { level: "OFF", includeExecutionData: false },
  };
}
