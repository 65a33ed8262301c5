import { ZodError } from "zod";
import { HistoryInputError } from "@/lib/history/history-input-error";
import { AppError, type ErrorCode } from "@/lib/errors/app-error";

/** The HTTP status of each error code (the codes are lib/errors' `ErrorCode`). */
export const errorCodes = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable_entity: 422,
  too_many_requests: 429,
  internal_server_error: 500,
  bad_gateway: 502,
} as const satisfies Record<ErrorCode, number>;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Maps anything thrown to a status and a body; unexpected errors say nothing of their internals. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details !== undefined) body.error.details = err.details;
    return { status: errorCodes[err.code], body };
  }
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: `/${i.path.join("/")}`, message: i.message }));
    const message = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    return { status: 422, body: { error: { code: "unprocessable_entity", message, details: issues } } };
  }
  if (err instanceof HistoryInputError) {
    return {
      status: 422,
      body: { error: { code: "unprocessable_entity", message: err.message, details: { location: err.location } } },
    };
  }
  console.error("unexpected error", err);
  return { status: 500, body: { error: { code: "internal_server_error", message: "Internal server error" } } };
}
