import Link from "next/link";
import { tableStyles } from "@/components/analytics/table-styles";
import { JsonDiffView } from "@/components/execution/compare/json-diff-view";
import { Timestamp } from "@/components/time/timestamp";
import { diffJson, parseJsonPayload } from "@/lib/execution-view/diff-json";
import type { StateMachineSummary } from "@/lib/queries/get-state-machine-by-arn";
import {
  stateMachinePagePath,
  toStateMachinePageSearch,
  type StateMachinePageParams,
} from "@/lib/queries/state-machine-page-params";

type Side = { readonly id: number; readonly definition: string } | null;

/** The stored definitions (with AWS's revision id), the versions and aliases executions used, and a diff of two definitions. */
export function VersionsPanel({
  machine,
  params,
  from,
  to,
}: {
  machine: StateMachineSummary;
  params: StateMachinePageParams;
  from: Side;
  to: Side;
}) {
  const { th, link } = tableStyles;
  const href = (patch: Partial<StateMachinePageParams>) =>
    // The pair shown (defaults included) goes in the link: choosing one side keeps the other.
    stateMachinePagePath(machine.arn) +
    toStateMachinePageSearch({ ...params, tab: "versions", from: from?.id, to: to?.id, ...patch });
  const label = (id: number) => `#${machine.definitions.length - machine.definitions.findIndex((d) => d.id === id)}`;
  const changes = from && to ? diffJson(parseJsonPayload(from.definition), parseJsonPayload(to.definition)) : null;
  const pick = (active: boolean) =>
    `rounded border px-1.5 text-xs ${active ? "border-blue-600 bg-blue-50 font-medium dark:bg-blue-950" : "border-zinc-300 dark:border-zinc-700"}`;
  return (
    <div className="space-y-6">
      <section>
        <h2 className="mb-2 text-sm font-semibold">Definitions seen</h2>
        <table className="w-full text-sm" data-testid="definitions-table">
          <thead className="text-left text-xs text-zinc-500">
            <tr>
              <th className={th}>Definition</th>
              <th className={th}>Revision id</th>
              <th className={th}>First seen</th>
              <th className={`${th} text-right`}>Executions</th>
              <th className={th}>Compare</th>
            </tr>
          </thead>
          <tbody>
            {machine.definitions.map((d) => (
              <tr key={d.id} className="border-t border-zinc-100 dark:border-zinc-800" data-testid="definition-row">
                <td className="py-1 pr-3">
                  <Link
                    className={link}
                    href={
                      stateMachinePagePath(machine.arn) +
                      toStateMachinePageSearch({ ...params, tab: "definition", to: d.id, from: undefined })
                    }
                  >
                    {label(d.id)}
                  </Link>{" "}
                  <span className="font-mono text-xs text-zinc-500">{d.hash.slice(0, 12)}</span>
                </td>
                <td className="py-1 pr-3 font-mono text-xs [overflow-wrap:anywhere]">{d.revisionId ?? "—"}</td>
                <td className="py-1 pr-3 whitespace-nowrap">
                  <Timestamp iso={d.firstSeenAt} />
                </td>
                <td className="py-1 pr-3 text-right tabular-nums">{d.executions.toLocaleString("en")}</td>
                <td className="flex gap-1 py-1">
                  <Link
                    className={pick(from?.id === d.id)}
                    href={href({ from: d.id })}
                    aria-label={`Compare from ${label(d.id)}`}
                  >
                    from
                  </Link>
                  <Link
                    className={pick(to?.id === d.id)}
                    href={href({ to: d.id })}
                    aria-label={`Compare to ${label(d.id)}`}
                  >
                    to
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2 className="mb-2 text-sm font-semibold">
          {from && to ? `Changes from ${label(from.id)} to ${label(to.id)}` : "Changes"}
        </h2>
        {from && to && from.id !== to.id && changes?.length === 0 ? (
          // Two stored texts, one JSON: a person would otherwise wonder why both are listed.
          <p className="text-sm text-zinc-500" data-testid="definitions-same-json">
            {label(from.id)} and {label(to.id)} are the same JSON and differ only in formatting (spaces or the order of
            keys): Stepscope stores a definition by its exact text, as AWS returned or a file carried it.
          </p>
        ) : from && to ? (
          <JsonDiffView
            changes={changes ?? []}
            label={`Definition ${label(from.id)} to ${label(to.id)}`}
            noun="definitions"
            testId="definition-diff"
            columns={[label(from.id), label(to.id)]}
          />
        ) : (
          <p className="text-sm text-zinc-500">
            Only one definition of this state machine is stored: a diff needs two. A new one is recorded when an
            execution runs a changed definition.
          </p>
        )}
      </section>
      <section>
        <h2 className="mb-2 text-sm font-semibold">Versions and aliases</h2>
        {machine.qualifiedArns.length === 0 ? (
          <p className="text-sm text-zinc-500">
            No stored execution was started through a published version or an alias.
          </p>
        ) : (
          <table className="w-full text-sm" data-testid="qualified-arns">
            <thead className="text-left text-xs text-zinc-500">
              <tr>
                <th className={th}>Kind</th>
                <th className={th}>ARN</th>
                <th className={`${th} text-right`}>Executions</th>
                <th className={th}>Last started</th>
              </tr>
            </thead>
            <tbody>
              {machine.qualifiedArns.map((q) => (
                <tr key={q.arn} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="py-1 pr-3">{q.kind === "version" ? "Version" : "Alias"}</td>
                  <td className="py-1 pr-3 font-mono text-xs [overflow-wrap:anywhere]">{q.arn}</td>
                  <td className="py-1 pr-3 text-right tabular-nums">
                    <Link
                      className={link}
                      href={`/executions?${new URLSearchParams({ stateMachine: machine.arn, qualifier: q.arn })}`}
                      aria-label={`Executions started through ${q.arn}`}
                    >
                      {q.executions.toLocaleString("en")}
                    </Link>
                  </td>
                  <td className="py-1 pr-3 whitespace-nowrap">
                    <Timestamp iso={q.lastStartDate} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
