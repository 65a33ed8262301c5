/** Every status the UI shows: execution statuses plus the state-run ones. */
export type DisplayStatus =
  | "SUCCEEDED"
  | "FAILED"
  | "TIMED_OUT"
  | "ABORTED"
  | "RUNNING"
  | "PENDING_REDRIVE"
  | "CAUGHT"
  | "RETRIED"
  | "NOT_REACHED";

interface StatusStyle {
  readonly label: string;
  readonly icon: string;
  readonly className: string;
}

const styles: Record<DisplayStatus, StatusStyle> = {
  SUCCEEDED: {
    label: "Succeeded",
    icon: "✓",
    className:
      "text-green-800 bg-green-50 ring-green-600/30 dark:text-green-300 dark:bg-green-950 dark:ring-green-400/30",
  },
  FAILED: {
    label: "Failed",
    icon: "✕",
    className: "text-red-800 bg-red-50 ring-red-600/30 dark:text-red-300 dark:bg-red-950 dark:ring-red-400/30",
  },
  TIMED_OUT: {
    label: "Timed out",
    icon: "◔",
    className:
      "text-orange-800 bg-orange-50 ring-orange-600/30 dark:text-orange-300 dark:bg-orange-950 dark:ring-orange-400/30",
  },
  ABORTED: {
    label: "Aborted",
    icon: "■",
    className: "text-zinc-700 bg-zinc-100 ring-zinc-500/30 dark:text-zinc-300 dark:bg-zinc-800 dark:ring-zinc-400/30",
  },
  RUNNING: {
    label: "Running",
    icon: "▶",
    className: "text-blue-800 bg-blue-50 ring-blue-600/30 dark:text-blue-300 dark:bg-blue-950 dark:ring-blue-400/30",
  },
  PENDING_REDRIVE: {
    label: "Pending redrive",
    icon: "↻",
    className: "text-blue-800 bg-blue-50 ring-blue-600/30 dark:text-blue-300 dark:bg-blue-950 dark:ring-blue-400/30",
  },
  CAUGHT: {
    label: "Caught",
    icon: "⤳",
    className:
      "text-yellow-800 bg-yellow-50 ring-yellow-600/30 dark:text-yellow-300 dark:bg-yellow-950 dark:ring-yellow-400/30",
  },
  RETRIED: {
    label: "Retried",
    icon: "↺",
    className:
      "text-violet-800 bg-violet-50 ring-violet-600/30 dark:text-violet-300 dark:bg-violet-950 dark:ring-violet-400/30",
  },
  NOT_REACHED: {
    label: "Not reached",
    icon: "○",
    className: "text-zinc-500 bg-white ring-zinc-300 dark:text-zinc-400 dark:bg-zinc-900 dark:ring-zinc-700",
  },
};

/** The label, icon and classes of a status; unknown statuses show as their own text. */
export function getStatusStyle(status: DisplayStatus | string): StatusStyle {
  return styles[status as DisplayStatus] ?? { label: status, icon: "?", className: "text-zinc-700 ring-zinc-300" };
}
