import { PAYLOAD_LIMIT_BYTES } from "@/lib/asl/states/event-details";
import type { Json } from "@/lib/asl/types";
import type { Operation } from "./endpoint-context";
import { RequestFields } from "./request-fields";
import { SfnError, validationError } from "./sfn-error";

/** `SendTaskSuccess`: the `.waitForTaskToken` Task waiting on `taskToken` succeeds with `output` (JSON). */
export const sendTaskSuccess: Operation = (ctx, body) => {
  const fields = new RequestFields(body);
  const token = fields.string("taskToken", 2048);
  const output = fields.string("output", PAYLOAD_LIMIT_BYTES);
  let value: Json;
  try {
    value = JSON.parse(output) as Json;
  } catch (err) {
    throw new SfnError("InvalidOutput", `Invalid Output: '${err instanceof Error ? err.message : String(err)}'`);
  }
  ctx.runs.tasks.answer(token, { type: "success", output: value });
  return Promise.resolve({});
};

/** `SendTaskFailure`: the Task waiting on `taskToken` fails with `error` and `cause`. */
export const sendTaskFailure: Operation = (ctx, body) => {
  const fields = new RequestFields(body);
  const token = fields.string("taskToken", 2048);
  const error = fields.optionalString("error", 256);
  const cause = fields.optionalString("cause", 32_768);
  ctx.runs.tasks.answer(token, {
    type: "failure",
    error: error ?? "",
    ...(cause === undefined ? {} : { cause }),
  });
  return Promise.resolve({});
};

/** `SendTaskHeartbeat`: restarts the `HeartbeatSeconds` limit of the Task waiting on `taskToken`. */
export const sendTaskHeartbeat: Operation = (ctx, body) => {
  const token = new RequestFields(body).string("taskToken", 2048);
  if (token === "") throw validationError("taskToken", "Member must have length greater than or equal to 1", token);
  ctx.runs.tasks.heartbeat(token);
  return Promise.resolve({});
};
