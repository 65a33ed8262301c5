/** An AWS error the fake answers with (HTTP 400, `__type`). */
export class FakeAwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}
