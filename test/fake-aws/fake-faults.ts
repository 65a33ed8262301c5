/** A fault the fake injects into the next `times` matching calls. */
export interface FakeFault {
  /** Operation (`GetExecutionHistory`); any when absent. */
  readonly op?: string;
  readonly kind: "throttle" | "server-error" | "expired-token" | "access-denied" | "slow" | "bad-credentials";
  /** Default 1. */
  times?: number;
  /** For `slow`: delay before answering, ms. */
  readonly delayMs?: number;
  /** For `expired-token`: only calls that carry a `nextToken`. Default true. */
  readonly onlyWithToken?: boolean;
}

/** Picks (and uses up) the first fault matching `op`. */
export function takeFault(faults: FakeFault[], op: string, hasToken: boolean): FakeFault | null {
  const index = faults.findIndex(
    (f) => (f.op === undefined || f.op === op) && (f.kind !== "expired-token" || f.onlyWithToken === false || hasToken),
  );
  if (index < 0) return null;
  const fault = faults[index]!;
  fault.times = (fault.times ?? 1) - 1;
  if (fault.times <= 0) faults.splice(index, 1);
  return fault;
}
