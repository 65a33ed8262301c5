/** A refusal of the Step Functions API: HTTP 400 with `{"__type": type, "message"}`, as AWS answers and the SDK parses (`error.name` is `type`). */
export class SfnError extends Error {
  constructor(
    readonly type: string,
    message: string,
    /** More members of the error's body (`resourceName` of `ResourceNotFound`, `TooManyTags`). */
    readonly members: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = type;
  }
}

/** AWS's wording of a missing or malformed member (`ValidationException`). */
export function validationError(member: string, constraint: string, value: unknown = null): SfnError {
  const shown = value === null || value === undefined ? "null" : `'${String(value)}'`;
  return new SfnError(
    "ValidationException",
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}
