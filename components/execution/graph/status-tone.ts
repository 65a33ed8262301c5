import type { StateViewStatus } from "@/lib/execution-view/state-status";

/** Border/fill of a state box per status (with the icon and label beside, never colour alone). */
export const statusTone: Readonly<Record<StateViewStatus, string>> = {
  succeeded: "border-green-600 bg-green-50 dark:bg-green-950/60",
  retried: "border-violet-600 bg-violet-50 dark:bg-violet-950/60",
  caught: "border-yellow-600 bg-yellow-50 dark:bg-yellow-950/60",
  failed: "border-red-600 bg-red-50 dark:bg-red-950/60",
  "timed-out": "border-orange-600 bg-orange-50 dark:bg-orange-950/60",
  aborted: "border-zinc-500 bg-zinc-100 dark:bg-zinc-800",
  running: "border-blue-600 bg-blue-50 dark:bg-blue-950/60",
  "not-reached": "border-zinc-300 border-dashed bg-white text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900",
};

/** A state box with no execution over it (a definition-only graph): solid, neutral, unlike "not reached". */
export const definitionTone = "border-zinc-400 bg-white dark:border-zinc-500 dark:bg-zinc-900";

/** Solid fill of a timeline segment per status. */
export const statusFill: Readonly<Record<StateViewStatus, string>> = {
  succeeded: "bg-green-600",
  retried: "bg-violet-600",
  caught: "bg-yellow-500",
  failed: "bg-red-600",
  "timed-out": "bg-orange-600",
  aborted: "bg-zinc-500",
  running: "bg-blue-600",
  "not-reached": "bg-zinc-300",
};
