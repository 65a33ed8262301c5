/**
 * An ASL runtime error: `error` is the ASL error name (`States.Runtime`, `States.TaskFailed`,
 * a Task's own `Error`, …) and `cause` the human text. `States.Runtime` and
 * `States.DataLimitExceeded` are not retriable and `States.Runtime` cannot be caught by
 * `States.ALL` (AWS: "States.ALL … does not match States.Runtime" is false for Catch in
 * practice; AWS only exempts `States.DataLimitExceeded` and `States.Runtime` from `Retry`).
 */
export class StatesError extends Error {
  /** `Error`: the ASL error name. */
  readonly error: string;
  /** `Cause`: human-readable text, or undefined when the failure carries none. */
  override readonly cause: string | undefined;

  constructor(error: string, cause?: string) {
    super(cause === undefined ? error : `${error}: ${cause}`);
    this.name = "StatesError";
    this.error = error;
    this.cause = cause;
  }
}

/** Whether `States.ALL` and retries apply: AWS never retries `States.Runtime` / `States.DataLimitExceeded` via `States.ALL`. */
export function isTerminalError(error: string): boolean {
  return error === "States.Runtime" || error === "States.DataLimitExceeded";
}
