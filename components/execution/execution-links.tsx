const linkClass =
  "rounded border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

/**
 * The execution elsewhere: in the AWS console (AWS sources), its trace in the tracing UI (when
 * a trace URL template is set), and its history as `get-execution-history` JSON.
 */
export function ExecutionLinks({
  consoleUrl,
  traceUrl,
  historyHref,
}: {
  consoleUrl: string | null;
  traceUrl: string | null;
  historyHref: string;
}) {
  return (
    <>
      {consoleUrl ? (
        <a
          className={linkClass}
          href={consoleUrl}
          target="_blank"
          rel="noreferrer noopener"
          data-testid="aws-console-link"
        >
          Open in AWS console <span aria-hidden="true">↗</span>
        </a>
      ) : null}
      {traceUrl ? (
        <a className={linkClass} href={traceUrl} target="_blank" rel="noreferrer noopener" data-testid="trace-link">
          Open trace <span aria-hidden="true">↗</span>
        </a>
      ) : null}
      <a className={linkClass} href={historyHref} download data-testid="download-history">
        Download history
      </a>
    </>
  );
}
