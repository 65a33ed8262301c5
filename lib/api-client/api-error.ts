/** A non-2xx answer of the app's API: its message, status and `details` (a 422's `[{path, message}]`). */
export class ApiError extends Error {
  readonly status: number;
  readonly details: unknown;
  constructor(message: string, status: number, details: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.details = details;
  }
}

/** The `{path, message}` issues of an API error's details (a JSON Pointer each), or none. */
export function getFieldIssues(error: unknown): { path: string; message: string }[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return error.details.filter(
    (d): d is { path: string; message: string } =>
      typeof (d as { path?: unknown }).path === "string" && typeof (d as { message?: unknown }).message === "string",
  );
}
