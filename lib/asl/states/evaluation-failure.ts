import { StatesError } from "../states-error";

/** An ASL error raised while evaluating a field, carrying the field for `EvaluationFailed.location`. */
export class Failure extends StatesError {
  /** Where the evaluation failed (`Arguments`, `Output`, …) for `EvaluationFailed.location`. */
  readonly location: string | undefined;
  constructor(error: string, cause: string | undefined, location?: string) {
    super(error, cause);
    this.location = location;
  }
}
