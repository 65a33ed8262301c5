import type { StateMachineInfo, WorkflowType } from "@/lib/history/types";
import type { Json } from "@/lib/asl/types";
import { getExampleDefinitions, exampleStateMachineNames, type ExampleStateMachineName } from "./example-definitions";
import { lambdaArn, type ExampleAccount } from "./example-lambda-task";

export { exampleStateMachineNames, lambdaArn, type ExampleAccount, type ExampleStateMachineName };

/** One example state machine: its ASL definition as an object and as the text AWS returns. */
export interface ExampleStateMachine {
  readonly name: ExampleStateMachineName;
  readonly type: WorkflowType;
  readonly definition: Json;
  /** `JSON.stringify(definition, null, 2)`, as `describe-state-machine` returns a console-made definition. */
  readonly definitionText: string;
  readonly stateMachine: StateMachineInfo;
}

const workflowTypes: Record<ExampleStateMachineName, WorkflowType> = {
  "order-processing": "STANDARD",
  "image-pipeline": "STANDARD",
  "nightly-report": "STANDARD",
  "user-signup": "EXPRESS",
  "etl-batch": "STANDARD",
};

/** `arn:aws:states:<region>:<account>:stateMachine:<name>`. */
export function stateMachineArn(account: ExampleAccount, name: string): string {
  return `arn:aws:states:${account.region}:${account.accountId}:stateMachine:${name}`;
}

/** The role a console-created state machine gets. */
export function exampleRoleArn(account: ExampleAccount, name: string): string {
  return `arn:aws:iam::${account.accountId}:role/service-role/StepFunctions-${name}-role`;
}

/** The example workflows with their `describe-state-machine`-shaped info, for one account. */
export function getExampleStateMachines(account: ExampleAccount): Record<ExampleStateMachineName, ExampleStateMachine> {
  const defs = getExampleDefinitions(account);
  const entries = exampleStateMachineNames.map((name, index): [ExampleStateMachineName, ExampleStateMachine] => {
    const definition = defs[name];
    const definitionText = JSON.stringify(definition, null, 2);
    const type = workflowTypes[name];
    return [
      name,
      {
        name,
        type,
        definition,
        definitionText,
        stateMachine: {
          stateMachineArn: stateMachineArn(account, name),
          name,
          type,
          definition: definitionText,
          roleArn: exampleRoleArn(account, name),
          revisionId: `0d5e7a1c-3b2f-4c8e-9a6d-${(index + 1).toString(16).padStart(12, "0")}`,
          loggingConfiguration:
            type === "EXPRESS"
              ? {
                  level: "ALL",
                  includeExecutionData: true,
                  destinations: [
                    {
                      cloudWatchLogsLogGroup: {
                        logGroupArn: `arn:aws:logs:${account.region}:${account.accountId}:log-group:/aws/vendedlogs/states/${name}-Logs:*`,
                      },
                    },
                  ],
                }
              : { level: "OFF", includeExecutionData: false },
        },
      },
    ];
  });
  return Object.fromEntries(entries) as Record<ExampleStateMachineName, ExampleStateMachine>;
}
