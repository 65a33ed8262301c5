import Link from "next/link";
import { StatusBadge } from "@/components/status/status-badge";
import { Timestamp } from "@/components/time/timestamp";
import { formatDuration } from "@/lib/format/format-duration";
import { iamRoleConsoleUrl, stateMachineQualifier } from "@/lib/execution-view/aws-console-url";
import { executionHref } from "@/lib/format/execution-href";
import { stateMachinePagePath } from "@/lib/queries/state-machine-page-params";
import type { ExecutionDetail } from "@/lib/queries/execution-detail-types";

const linkClass = "text-blue-700 hover:underline dark:text-blue-400";

function Fact({ label, children, wide }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    // A long value (an IAM role's name) takes two columns rather than an ellipsis beside free space.
    <div className={`min-w-0 ${wide ? "sm:col-span-2" : ""}`}>
      <dt className="text-xs uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="truncate">{children}</dd>
    </div>
  );
}

function RoleLink({ roleArn }: { roleArn: string }) {
  const name = roleArn.replace(/^.*\//, "");
  const url = iamRoleConsoleUrl(roleArn);
  return url ? (
    <a
      className={linkClass}
      href={url}
      target="_blank"
      rel="noreferrer noopener"
      title={roleArn}
      data-testid="iam-role"
    >
      {name} <span aria-hidden="true">↗</span>
    </a>
  ) : (
    <span title={roleArn} data-testid="iam-role">
      {name}
    </span>
  );
}

/** The execution's identity and headline facts. */
export function ExecutionHeader({ detail }: { detail: ExecutionDetail }) {
  return (
    <dl className="grid grid-cols-[repeat(auto-fill,minmax(13rem,1fr))] gap-x-6 gap-y-2 px-6 py-3">
      <Fact label="Status">
        <StatusBadge status={detail.status} />
      </Fact>
      <Fact label="State machine">
        <Link
          prefetch={false}
          className="text-blue-700 hover:underline dark:text-blue-400"
          href={stateMachinePagePath(detail.stateMachineArn)}
          title={detail.stateMachineArn}
        >
          {detail.stateMachineName}
        </Link>{" "}
        <span className="text-xs text-zinc-500">{detail.type === "EXPRESS" ? "Express" : "Standard"}</span>
      </Fact>
      <Fact label="Started">
        <Timestamp iso={detail.startDate} />
      </Fact>
      <Fact label="Stopped">
        <Timestamp iso={detail.stopDate} />
      </Fact>
      <Fact label="Duration">{formatDuration(detail.durationMs)}</Fact>
      <Fact label="Events">
        {detail.eventCount.toLocaleString("en")}
        {detail.historyComplete && !detail.partialReason ? "" : " (partial)"}
      </Fact>
      {detail.partialReason ? (
        <div
          className="col-span-full rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
          role="note"
          data-testid="partial-history"
        >
          <span className="font-medium">Partial history:</span> {detail.partialReason}
        </div>
      ) : null}
      <Fact label="Transitions · retries">
        {detail.billableTransitions.toLocaleString("en")} · {detail.retries.toLocaleString("en")}
      </Fact>
      <Fact label="Source">
        {/* The demo source is named "demo": its name as the badge, not "demo demo". */}
        {detail.isDemo ? (
          <span className="rounded bg-amber-100 px-1 text-xs text-amber-800 dark:bg-amber-900 dark:text-amber-200">
            {detail.sourceName === "demo" ? "demo" : `${detail.sourceName} (demo)`}
          </span>
        ) : (
          detail.sourceName
        )}
        {detail.redriveCount ? (
          <span className="ml-1 text-xs text-zinc-500">redriven ×{detail.redriveCount}</span>
        ) : null}
      </Fact>
      {detail.parent ? (
        <Fact label="Map Run child of">
          <Link
            prefetch={false}
            className={linkClass}
            href={executionHref(detail.parent.executionArn)}
            title={detail.mapRunArn ?? detail.parent.executionArn}
            data-testid="parent-execution"
          >
            {detail.parent.name}
          </Link>
        </Fact>
      ) : null}
      {detail.stateMachineVersionArn || detail.stateMachineAliasArn ? (
        <Fact label="Started through">
          {/* Each links to the executions started through it (the list's `qualifier` filter). */}
          {(
            [
              ["alias", detail.stateMachineAliasArn],
              ["version", detail.stateMachineVersionArn],
            ] as const
          )
            .filter((q): q is readonly ["alias" | "version", string] => Boolean(q[1]))
            .map(([kind, arn], i) => (
              <span key={kind}>
                {i > 0 ? " → " : null}
                <Link
                  prefetch={false}
                  className={linkClass}
                  href={`/executions?${new URLSearchParams({ stateMachine: detail.stateMachineArn, qualifier: arn })}`}
                  title={`Executions started through ${arn}`}
                  data-testid={`started-through-${kind}`}
                >
                  {kind} {stateMachineQualifier(arn) ?? "?"}
                </Link>
              </span>
            ))}
        </Fact>
      ) : null}
      {detail.roleArn ? (
        <Fact label="IAM role" wide>
          <RoleLink roleArn={detail.roleArn} />
        </Fact>
      ) : null}
    </dl>
  );
}
