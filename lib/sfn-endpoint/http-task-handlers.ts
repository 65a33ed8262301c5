import { readFile } from "node:fs/promises";
import { z } from "zod";
import { createHandlerInvoker, type TaskHandler } from "@/lib/asl/handler-invoker";
import type { TaskInvoker } from "@/lib/asl/task-invoker";
import type { Json } from "@/lib/asl/types";
import { SfnError } from "./sfn-error";

/**
 * The task handlers file (`STEPSCOPE_SFN_TASK_HANDLERS`): a Task `Resource` ARN, or a Lambda
 * function's name (as `arn:…:function:<name>` or `lambda:invoke`'s `FunctionName` gives it),
 * to the http(s) URL that answers it.
 */
export const taskHandlersFileSchema = z.record(
  z.string().min(1),
  z
    .string()
    .url()
    .refine((url) => /^https?:\/\//.test(url), "must be an http or https URL"),
);
export type TaskHandlersFile = z.infer<typeof taskHandlersFileSchema>;

/** How long one handler call may take before the Task fails (Lambda's own limit: 15 minutes). */
const handlerTimeoutMs = 15 * 60_000;

/** A handler's refusal as Lambda reports a function error: `Error` from `errorType`, the cause a `{"errorMessage","errorType"}` text. */
class HandlerError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * A Task handler that POSTs the Task's payload (for `lambda:invoke`, its `Payload`) as JSON to
 * `url`. A 2xx answer's JSON body is the Task's result (an empty body, null). Any other status
 * fails the Task: `Error` is the body's `errorType` (else `States.TaskFailed`), the cause's
 * `errorMessage` the body's `errorMessage` (else the status and body); an unreachable URL fails
 * it with `States.TaskFailed` naming the URL.
 */
export function httpTaskHandler(url: string, fetchImpl: typeof fetch = fetch): TaskHandler {
  return async (payload) => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(handlerTimeoutMs),
      });
    } catch (err) {
      const reason =
        err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new HandlerError("States.TaskFailed", `The task handler at ${url} could not be reached: ${reason}`);
    }
    const text = await response.text();
    let body: Json = null;
    try {
      body = text.trim() === "" ? null : (JSON.parse(text) as Json);
    } catch {
      if (response.ok)
        throw new HandlerError("States.TaskFailed", `The task handler at ${url} answered with a body that is not JSON`);
    }
    if (response.ok) return body;
    const fields = typeof body === "object" && body !== null && !Array.isArray(body) ? body : {};
    const errorType = typeof fields["errorType"] === "string" ? fields["errorType"] : "States.TaskFailed";
    const errorMessage =
      typeof fields["errorMessage"] === "string"
        ? fields["errorMessage"]
        : `The task handler at ${url} answered HTTP ${response.status}: ${text.slice(0, 1000)}`;
    throw new HandlerError(errorType, errorMessage);
  };
}

/** A {@link TaskInvoker} answering each configured resource or function by POSTing to its URL. */
export function createHttpTaskInvoker(file: TaskHandlersFile, fetchImpl: typeof fetch = fetch): TaskInvoker {
  return createHandlerInvoker(
    Object.fromEntries(Object.entries(file).map(([key, url]) => [key, httpTaskHandler(url, fetchImpl)])),
  );
}

/** The task handlers file, read now (edits apply to the next execution); `ValidationException` naming the file and the fault. */
export async function readTaskHandlersOrThrow(file: string): Promise<TaskHandlersFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8")) as unknown;
  } catch (err) {
    throw new SfnError(
      "ValidationException",
      `The task handlers file ${file} cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const handlers = taskHandlersFileSchema.safeParse(parsed);
  if (!handlers.success) {
    const issue = handlers.error.issues[0];
    throw new SfnError(
      "ValidationException",
      `The task handlers file ${file} is not one: /${issue?.path.join("/") ?? ""}: ${issue?.message ?? ""}`,
    );
  }
  return handlers.data;
}
