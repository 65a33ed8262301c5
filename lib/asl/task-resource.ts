/** How a Task's `Resource` shapes its events: a Lambda ARN, a service integration, or an activity. */
export type TaskResource =
  | { readonly kind: "lambda"; readonly arn: string }
  | { readonly kind: "activity"; readonly arn: string }
  | {
      readonly kind: "service";
      readonly resourceType: string;
      readonly resource: string;
      readonly pattern: "request-response" | "sync" | "waitForTaskToken";
    };

/**
 * Parses `Resource`: `arn:<partition>:lambda:<region>:<account>:function:<name>` → Lambda
 * events; `arn:<partition>:states:::<service>:<action>[.sync|.waitForTaskToken]` →
 * `Task*` events with `resourceType` (`lambda`, `aws-sdk:s3`, …) and `resource` (the action
 * with its suffix); `…:activity:…` → activity.
 */
export function parseTaskResource(resource: string): TaskResource {
  if (/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource)) return { kind: "lambda", arn: resource };
  if (/^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(resource)) return { kind: "activity", arn: resource };
  const service = /^arn:[^:]+:states:::(.+)$/.exec(resource);
  if (service !== null) {
    // A versioned `.sync:2` keeps its version: `states:startExecution.sync:2` → `states` + `startExecution.sync:2`.
    const versioned = /^(.*):([^:]+\.sync:\d+)$/.exec(service[1] as string);
    const parts =
      versioned === null ? (service[1] as string).split(":") : [versioned[1] as string, versioned[2] as string];
    const action = parts.pop() ?? "";
    const pattern =
      action.endsWith(".sync") || /\.sync:\d+$/.test(action)
        ? "sync"
        : action.endsWith(".waitForTaskToken")
          ? "waitForTaskToken"
          : "request-response";
    return { kind: "service", resourceType: parts.join(":"), resource: action, pattern };
  }
  return { kind: "service", resourceType: "unknown", resource, pattern: "request-response" };
}
