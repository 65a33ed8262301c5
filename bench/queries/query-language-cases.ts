/** An expression of the query-language bench, and the same filter through the list's older parameters where one exists. */
export interface QueryLanguageCase {
  readonly name: string;
  readonly q: string;
  readonly older?: Record<string, string>;
}

/** The shapes the issue names (equality, numeric range, state, error text, an AND of three) and their rare variants. */
export const queryLanguageCases: readonly QueryLanguageCase[] = [
  { name: "equality on an input field", q: 'input.order.customerId = "c-42"' },
  { name: "numeric range, 1% match", q: "input.order.amount > 990" },
  { name: "numeric range, 90% match", q: "input.order.amount > 100" },
  { name: "numeric range, 0.01% match", q: "input.order.amount >= 999.9" },
  { name: "state = X", q: 'state = "Charge"' },
  { name: "error ~ text", q: 'error ~ "declined"', older: { q: "declined" } },
  { name: "status = X", q: 'status = "FAILED"', older: { status: "FAILED" } },
  {
    name: "AND of three",
    q: 'status = "FAILED" AND input.order.amount > 500 AND state = "Charge"',
    older: { status: "FAILED" },
  },
  { name: "rare AND of three", q: 'input.priority = "high" AND failedState = "Ship" AND startDate > now-7d' },
];
