/** The mute durations the Alerts page offers, in minutes (the API takes any up to a year). */
export const muteChoices = [
  { label: "1 h", minutes: 60 },
  { label: "4 h", minutes: 240 },
  { label: "24 h", minutes: 1_440 },
] as const;

/** The longest mute the API takes: a year, in minutes. */
export const MAX_MUTE_MINUTES = 525_600;

/**
 * Minutes from `now` until `local` (a `datetime-local` value, read in the browser's zone), rounded
 * up; a message instead when it is not a date, not in the future, or more than a year away.
 */
export function muteMinutesUntil(local: string, now: Date): { minutes: number } | { error: string } {
  const at = new Date(local);
  if (local === "" || Number.isNaN(at.getTime())) return { error: "choose a date and time" };
  const minutes = Math.ceil((at.getTime() - now.getTime()) / 60_000);
  if (minutes <= 0) return { error: "choose a time in the future" };
  if (minutes > MAX_MUTE_MINUTES) return { error: "a mute lasts a year at the most" };
  return { minutes };
}
