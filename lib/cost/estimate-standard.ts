/** One day's billable Standard transitions of one account (days of one calendar month). */
export interface StandardDayUsage {
  readonly day: string;
  readonly transitions: number;
}

export interface StandardDayCost extends StandardDayUsage {
  /** Transitions covered by the month's free tier. */
  readonly freeTransitions: number;
  readonly billedTransitions: number;
  readonly usd: number;
}

/** USD of `transitions` at `usdPer1000`, without the free tier. */
export function standardTransitionsUsd(transitions: number, usdPer1000: number): number {
  return (transitions / 1000) * usdPer1000;
}

/**
 * Prices one account's month of Standard usage day by day: the free tier
 * (`freeTransitions`, per account per month) is used up by the earliest days, as AWS
 * applies it to the month's first transitions; later days are billed in full.
 */
export function estimateStandardMonth(
  days: readonly StandardDayUsage[],
  usdPer1000: number,
  freeTransitions: number,
): { readonly days: readonly StandardDayCost[]; readonly usd: number; readonly billedTransitions: number } {
  let freeLeft = freeTransitions;
  const priced = [...days]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((d) => {
      const free = Math.min(freeLeft, d.transitions);
      freeLeft -= free;
      const billed = d.transitions - free;
      return {
        ...d,
        freeTransitions: free,
        billedTransitions: billed,
        usd: standardTransitionsUsd(billed, usdPer1000),
      };
    });
  return {
    days: priced,
    usd: priced.reduce((s, d) => s + d.usd, 0),
    billedTransitions: priced.reduce((s, d) => s + d.billedTransitions, 0),
  };
}
