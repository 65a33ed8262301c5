import { expressExecutionArn } from "@/lib/asl/express/express-execution";
import { SfnError } from "./sfn-error";

/** The region and account the endpoint's ARNs carry. */
export interface SfnScope {
  readonly region: string;
  readonly accountId: string;
}

export function stateMachineArnOf(scope: SfnScope, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;
}

export function executionArnOf(scope: SfnScope, stateMachineName: string, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:execution:${stateMachineName}:${name}`;
}

/** An Express execution's ARN: `…:express:<state machine>:<name>:<uuid>` (Express names need not be unique). */
export function expressExecutionArnOf(scope: SfnScope, stateMachineName: string, name: string, id: string): string {
  return expressExecutionArn({ partition: "aws", ...scope, stateMachineName, executionName: name }, id);
}

/** A state machine ARN as a request names it: the state machine's, a version's (`:<n>`) or an alias's (`:<alias>`), and a MockConfigFile test case after `#`. */
export interface StateMachineRef {
  /** The unqualified state machine ARN. */
  readonly arn: string;
  readonly name: string;
  /** The version ARN when one was named. */
  readonly versionArn?: string;
  /** The alias ARN when one was named. */
  readonly aliasArn?: string;
  readonly testCase?: string;
}

const prefix = "arn:aws:states:";

/** AWS's pattern of alias names: letters, digits, `_`, `-`, `.`, not all digits (a version's qualifier). */
export const aliasNamePattern = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/;

/** Parses a state machine ARN (`InvalidArn`, worded as AWS words it, when it is not one). */
export function parseStateMachineArn(text: string, allowTestCase = false): StateMachineRef {
  const hash = allowTestCase ? text.indexOf("#") : -1;
  const arnText = hash === -1 ? text : text.slice(0, hash);
  const testCase = hash === -1 ? undefined : text.slice(hash + 1);
  const parts = arnText.split(":");
  if (!arnText.startsWith(prefix) || parts.length < 7)
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${text}'`);
  if (parts[5] !== "stateMachine")
    throw new SfnError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${parts[5] ?? ""}'`);
  const name = parts[6] ?? "";
  if (name === "") throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${text}'`);
  const arn = parts.slice(0, 7).join(":");
  const qualifier = parts[7];
  const version = qualifier !== undefined && /^[1-9]\d*$/.test(qualifier);
  const alias = qualifier !== undefined && !version && qualifier.length <= 80 && aliasNamePattern.test(qualifier);
  if (parts.length > 8 || (qualifier !== undefined && !version && !alias))
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid version or alias qualifier: ${qualifier ?? ""}'`);
  if (testCase === "") throw new SfnError("InvalidArn", `Invalid Arn: 'Empty test case name after #: ${text}'`);
  return {
    arn,
    name,
    ...(version ? { versionArn: arnText } : {}),
    ...(alias ? { aliasArn: arnText } : {}),
    ...(testCase === undefined ? {} : { testCase }),
  };
}

/**
 * Checks an execution ARN's form (`InvalidArn` when it is not one). `standardOnly`: an Express
 * execution's ARN is refused as AWS refuses it where the operation serves Standard executions only.
 */
export function checkExecutionArn(text: string, standardOnly = false): void {
  const parts = text.split(":");
  const type = parts[5] ?? "";
  if (!text.startsWith(prefix) || parts.length < 8 || parts.length > 9)
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${text}'`);
  if ((type !== "execution" && type !== "express") || (type === "express" && standardOnly))
    throw new SfnError("InvalidArn", `Invalid Arn: 'Resource type not valid in this context: ${type}'`);
  if (parts.length !== (type === "express" ? 9 : 8))
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${text}'`);
}

/** AWS's rule for names of state machines and executions: 1–80 characters, none of whitespace, `< > { } [ ] ? * " # % \ ^ | ~ \` $ & , ; : /` or control characters. */
export function checkName(name: string, max = 80): void {
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > max || /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u.test(name))
    throw new SfnError("InvalidName", `Invalid Name: '${name}'`);
}

/** A role ARN (`arn:aws:iam::<account>:role/<name>`); `InvalidArn` otherwise. */
export function checkRoleArn(roleArn: string): void {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(roleArn))
    throw new SfnError("InvalidArn", `Invalid Arn: 'Invalid ARN prefix: ${roleArn}'`);
}
