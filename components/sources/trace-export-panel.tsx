import { Timestamp } from "@/components/time/timestamp";
import type { TraceExportStatus } from "@/lib/queries/get-trace-export-status";

/** The continuous export's settings as shown: the endpoint without credentials or query. */
export interface TraceExportShown {
  readonly endpoint: string;
  readonly includeLocal: boolean;
  readonly includePayloads: boolean;
}

const badge = {
  ok: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-200",
  failing: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-200",
  off: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
} as const;

const n = (value: number) => value.toLocaleString("en");

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex gap-3 py-0.5">
      <dt className="w-36 shrink-0 text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words tabular-nums">{children}</dd>
    </div>
  );
}

/**
 * The OpenTelemetry export on the Sources page: where it sends, when it last sent, how many
 * ended executions wait (its cursor's lag), its speed and its last error; or how to turn it on.
 * Read-only: the export runs by itself in the web and worker processes.
 */
export function TraceExportPanel({
  settings,
  status,
  traceLinks,
}: {
  settings: TraceExportShown | null;
  status: TraceExportStatus | null;
  traceLinks: boolean;
}) {
  const failing = status?.lastError != null;
  const state = settings === null ? "off" : failing ? "failing" : "ok";
  return (
    <section className="mb-6 mt-8" aria-label="Trace export" data-testid="trace-export">
      <h2 className="mb-2 text-sm font-semibold">Trace export (OpenTelemetry)</h2>
      <div className="rounded border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800">
        <div className="mb-1 flex flex-wrap items-center gap-3">
          <span className={`rounded px-1.5 text-xs ${badge[state]}`} data-testid="trace-export-state">
            {state === "off" ? "○ off" : state === "failing" ? "✕ failing" : "● exporting"}
          </span>
          <span className="text-xs text-zinc-500">
            Execution pages {traceLinks ? "link to their traces" : "have no trace link (STEPSCOPE_TRACE_URL_TEMPLATE)"}
          </span>
        </div>
        {settings === null || status === null ? (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            Set <code className="font-mono">STEPSCOPE_OTLP_ENDPOINT</code> to an OTLP/HTTP traces endpoint (
            <code className="font-mono">http://collector:4318/v1/traces</code>) and each ended execution is sent as a
            trace as it is stored. Once, from a terminal:{" "}
            <code className="font-mono">npx stepscope traces export --endpoint &lt;url&gt;</code>.
          </p>
        ) : (
          <dl className="text-xs">
            <Row label="Endpoint">
              <span className="font-mono" data-testid="trace-export-endpoint">
                {settings.endpoint}
              </span>
              {settings.includeLocal ? " · local runs too" : ""}
              {settings.includePayloads ? " · with payloads" : ""}
            </Row>
            <Row label="Last export">
              {status.lastExportAt ? <Timestamp iso={status.lastExportAt} /> : "nothing sent yet"}
            </Row>
            <Row label="Waiting">
              <span data-testid="trace-export-pending">
                {status.pending === 0
                  ? "none: every ended execution is sent"
                  : `${n(status.pending)}${status.pendingIsLowerBound ? "+" : ""} ended executions`}
              </span>
              {status.oldestPendingAt ? (
                <>
                  {" "}
                  · the oldest ended <Timestamp iso={status.oldestPendingAt} />
                </>
              ) : null}
            </Row>
            <Row label="Sent">
              {n(status.executionsExported)} executions as {n(status.spansExported)} spans
            </Row>
            <Row label="Speed">
              {status.spansPerSecond === null ? "—" : `${n(Math.round(status.spansPerSecond))} spans/s (last batch)`}
            </Row>
            {status.lastError ? (
              <Row label="Last error">
                <span className="text-red-700 dark:text-red-400" role="alert" data-testid="trace-export-error">
                  {status.lastError}
                </span>
                {status.lastErrorAt ? (
                  <>
                    {" "}
                    · <Timestamp iso={status.lastErrorAt} /> · retried with a growing wait, up to 5 minutes
                  </>
                ) : null}
              </Row>
            ) : null}
          </dl>
        )}
      </div>
    </section>
  );
}
