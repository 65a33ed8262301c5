/**
 * AWS behaviours that changed over time and show in histories. A history made on a given day
 * (`YYYY-MM-DD`) follows the behaviour of that day; without a date, today's AWS.
 */
export interface AwsBehaviour {
  /** `$$.Execution.RedriveCount` exists (redrive launched 2023-11-15). */
  readonly redriveCountInContext: boolean;
  /**
   * After a Distributed Map's Map Run, `MapStateExited` points at `MapRunStarted` (today) rather
   * than at `MapRunSucceeded` (recordings up to 2024-08-19 show the latter, from 2024-11-13 the
   * former; the switch is taken as 2024-11-01).
   */
  readonly mapExitAfterMapRunStarted: boolean;
}

const TODAY: AwsBehaviour = { redriveCountInContext: true, mapExitAfterMapRunStarted: true };

/** The behaviour of AWS on `date` (`YYYY-MM-DD`, or any ISO-8601 text starting so); today's when undefined. */
export function awsBehaviourAsOf(date?: string): AwsBehaviour {
  if (date === undefined) return TODAY;
  if (!/^\d{4}-\d{2}-\d{2}/.test(date)) throw new Error(`awsBehaviourAsOf: '${date}' is not a YYYY-MM-DD date`);
  const day = date.slice(0, 10);
  return { redriveCountInContext: day >= "2023-11-15", mapExitAfterMapRunStarted: day >= "2024-11-01" };
}
