"use client";

import { Timestamp } from "@/components/time/timestamp";
import { describeCondition, describeScope } from "@/lib/alerts/alert-rule-form";
import type { AlertRuleView } from "@/lib/queries/get-alerts-page";
import { DataTable } from "@/components/layout/data-table";
import { MuteControl } from "./mute-control";

const ruleColumns = [
  ...["Rule", "When", "Scope", "Notifies", "Open", "Declared in", "State"].map((label) => ({ key: label, label })),
  { key: "actions", label: <span className="sr-only">Actions</span> },
];

const button =
  "rounded border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900";

const targetText = (t: AlertRuleView["notify"][number]) =>
  t.channel === "email" ? `email ${t.to}` : `${t.channel} ${"env" in t.url ? `$${t.url.env}` : "(in the rules file)"}`;

const repeatText = (minutes: number) =>
  minutes % 1440 === 0 ? `${minutes / 1440} d` : minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;

/**
 * The rules. Page-made rules: admins edit and delete them. Rules of the rules file are shown as
 * provisioned and read-only (their definition lives in the file); operators mute any rule.
 */
export function AlertRulesTable(props: {
  rules: readonly AlertRuleView[];
  canEdit: boolean;
  canOperate: boolean;
  onEdit: (rule: AlertRuleView) => void;
  onDelete: (rule: AlertRuleView) => void;
  onMute: (rule: AlertRuleView, minutes: number | null) => void;
  /** Sends a test notification to the rule's targets (admins). */
  onTest: (rule: AlertRuleView) => void;
}) {
  return (
    <div className="overflow-x-auto">
      <DataTable columns={ruleColumns} testId="alert-rules">
        {props.rules.map((r) => {
          const muted = r.mutedUntil !== null && Date.parse(r.mutedUntil) > Date.now();
          const provisioned = r.origin !== "page";
          return (
            <tr
              key={r.id}
              className="border-b border-zinc-100 align-top dark:border-zinc-900"
              data-testid="alert-rule-row"
            >
              <td className="py-1 pr-3 font-medium">{r.name}</td>
              <td className="pr-3">{describeCondition(r.when)}</td>
              <td className="pr-3">{describeScope(r.scope)}</td>
              <td className="pr-3">
                {r.notify.map(targetText).join(", ") || "—"}
                {r.repeatMinutes === null ? null : (
                  <span className="text-zinc-500">; repeats every {repeatText(r.repeatMinutes)}</span>
                )}
              </td>
              <td className="pr-3 tabular-nums">{r.openIncidents}</td>
              <td className="pr-3">
                {provisioned ? (
                  <span title="Declared in a rules file: change it there" className="break-words">
                    <span className="mr-1 rounded bg-zinc-200 px-1 text-xs dark:bg-zinc-800">provisioned</span>
                    {r.origin}
                  </span>
                ) : (
                  "this page"
                )}
              </td>
              <td className="pr-3">
                {muted ? (
                  <span>
                    muted until <Timestamp iso={r.mutedUntil!} />
                  </span>
                ) : (
                  "active"
                )}
              </td>
              <td className="py-1">
                <div className="flex flex-wrap items-baseline gap-1">
                  {props.canOperate ? (
                    muted ? (
                      <button className={button} onClick={() => props.onMute(r, null)} aria-label={`Unmute ${r.name}`}>
                        Unmute
                      </button>
                    ) : (
                      <MuteControl name={r.name} onMute={(minutes) => props.onMute(r, minutes)} />
                    )
                  ) : null}
                  {props.canEdit && r.notify.length > 0 ? (
                    <button
                      className={button}
                      onClick={() => props.onTest(r)}
                      aria-label={`Send a test notification for ${r.name}`}
                      title="Sends a test message to each target of the rule now"
                    >
                      Send test
                    </button>
                  ) : null}
                  {props.canEdit && !provisioned ? (
                    <>
                      <button className={button} onClick={() => props.onEdit(r)} aria-label={`Edit ${r.name}`}>
                        Edit
                      </button>
                      <button className={button} onClick={() => props.onDelete(r)} aria-label={`Delete ${r.name}`}>
                        Delete
                      </button>
                    </>
                  ) : props.canEdit ? (
                    <span className="text-xs text-zinc-500">read-only: edit the file</span>
                  ) : null}
                </div>
              </td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
}
