/** Root cause first: a failed, timed-out or aborted execution with a root cause opens on its graph (or timeline without a definition). */
export function opensOnGraphOrTimeline(detail: { readonly status: string; readonly rootCause: unknown }): boolean {
  return ["FAILED", "TIMED_OUT", "ABORTED"].includes(detail.status) && detail.rootCause !== null;
}
