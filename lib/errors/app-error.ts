/** What went wrong, in the caller's terms; lib/api maps each code to its HTTP status (`errorCodes`). */
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unprocessable_entity"
  | "too_many_requests"
  | "internal_server_error"
  /** An upstream service (AWS) failed the call. */
  | "bad_gateway";

/** The one error type the app throws on purpose; its message is shown to the caller. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor({ code, message, details }: { code: ErrorCode; message: string; details?: unknown }) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }
}
