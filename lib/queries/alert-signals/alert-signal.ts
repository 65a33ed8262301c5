import type pg from "pg";

/** A connection or pool to read with (the evaluator reads inside its transaction). */
export type Reader = Pick<pg.ClientBase, "query">;

/** What a notification tells about one thing a condition holds for. */
export interface AlertFacts {
  /** One line: what is wrong. */
  readonly summary: string;
  /** Where: a state machine's name, or the scope. */
  readonly where: string;
  readonly stateMachineArn?: string | null;
  readonly count?: number;
  readonly firstSeen?: string | null;
  readonly lastSeen?: string | null;
  readonly rootCauseState?: string | null;
  readonly error?: string | null;
  readonly cause?: string | null;
  /** The execution to open (the latest failure, the long-running one). */
  readonly executionArn?: string | null;
  /** The failure group (`executions.failure_signature`). */
  readonly signature?: string | null;
  /** The measured value and the rule's threshold, in `unit`. */
  readonly value?: number;
  readonly threshold?: number;
  readonly unit?: "percent" | "ms" | "usd" | "ratio";
}

/** A key (a failure signature, a state machine, an execution, the scope) the condition holds for now. */
export interface AlertSignal {
  readonly key: string;
  readonly facts: AlertFacts;
}
