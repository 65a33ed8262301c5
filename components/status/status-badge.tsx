import { getStatusStyle, type DisplayStatus } from "./status-style";

/** One status vocabulary everywhere: icon + text + colour, never colour alone. */
export function StatusBadge({ status }: { status: string }) {
  const style = getStatusStyle(status as DisplayStatus);
  return (
    <span
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}
      data-status={status}
    >
      <span aria-hidden="true">{style.icon}</span>
      {style.label}
    </span>
  );
}
