const linkClass =
  "rounded border border-zinc-300 px-3 py-1 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800";

/** The execution elsewhere: in the AWS console (AWS sources), and its history as `get-execution-history` JSON. */
export function ExecutionLinks({ consoleUrl, historyHref }: { consoleUrl: string | null; historyHref: string }) {
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
      <a className={linkClass} href={historyHref} download data-testid="download-history">
        Download history
      </a>
    </>
  );
}
