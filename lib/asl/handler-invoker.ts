import type { TaskInvoker } from "./task-invoker";
import { isJsonObject, type Json } from "./types";

/** A local Task handler: receives the Task's payload, returns its result or throws its error. */
export type TaskHandler = (payload: Json) => Json | Promise<Json>;

/** The Lambda function a Task names: its `Resource` ARN, or `FunctionName` of `lambda:invoke` (ARN or name). */
function functionNameOf(resource: string, payload: Json): string | undefined {
  const direct = /:function:([^:]+)/.exec(resource);
  if (direct !== null) return direct[1];
  if (
    /^arn:[^:]+:states:::lambda:invoke/.test(resource) &&
    isJsonObject(payload) &&
    typeof payload["FunctionName"] === "string"
  ) {
    const name = payload["FunctionName"];
    return /:function:([^:]+)/.exec(name)?.[1] ?? name;
  }
  return undefined;
}

/**
 * A {@link TaskInvoker} over local handler functions keyed by `Resource` ARN or Lambda
 * function name. A handler's throw becomes the Task's error: `Error` from the thrown
 * value's `name`, `Cause` a Lambda-style `{"errorMessage","errorType"}` JSON text.
 * `lambda:invoke` results are wrapped in `{"Payload": …, "StatusCode": 200}` as AWS returns them.
 */
export function createHandlerInvoker(handlers: Readonly<Record<string, TaskHandler>>): TaskInvoker {
  return {
    async invoke({ resource, payload }) {
      const name = functionNameOf(resource, payload);
      const handler = handlers[resource] ?? (name === undefined ? undefined : handlers[name]);
      if (handler === undefined) return null;
      const wrapped = /^arn:[^:]+:states:::lambda:invoke/.test(resource);
      const input = wrapped && isJsonObject(payload) ? (payload["Payload"] ?? null) : payload;
      try {
        const output = await handler(input);
        return { type: "success", output: wrapped ? { Payload: output, StatusCode: 200 } : output };
      } catch (err) {
        const errorType = err instanceof Error ? err.name : "Error";
        const errorMessage = err instanceof Error ? err.message : String(err);
        return { type: "failure", error: errorType, cause: JSON.stringify({ errorMessage, errorType }) };
      }
    },
  };
}
