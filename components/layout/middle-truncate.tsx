/**
 * Text cut in the middle when it does not fit: its start shrinks to an ellipsis while its last
 * `tail` characters stay in view. Names told apart by their end (an execution and its replays,
 * `order-42` and `order-42-replay-1a2b3c4d`) stay apart when narrow. The text stays one string in
 * the page (copying it copies it whole); `title` shows it all on hover.
 */
export function MiddleTruncate({
  text,
  tail = 16,
  title,
  className = "",
}: {
  text: string;
  tail?: number;
  title?: string;
  className?: string;
}) {
  if (text.length <= tail + 3)
    return (
      <span className={`block truncate ${className}`} title={title ?? text}>
        {text}
      </span>
    );
  return (
    <span className={`flex min-w-0 ${className}`} title={title ?? text} data-middle-truncate>
      <span className="truncate">{text.slice(0, -tail)}</span>
      <span className="shrink-0 whitespace-pre">{text.slice(-tail)}</span>
    </span>
  );
}
