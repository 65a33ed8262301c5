"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { queryKeys } from "@/lib/api-client/query-keys";
import { emptyRuleForm, ruleFormFromRule, type RuleFormValues } from "@/lib/alerts/alert-rule-form";
import type { AlertsPage } from "@/lib/queries/get-alerts-page";
import { AlertIncidents } from "./alert-incidents";
import { AlertRuleForm } from "./alert-rule-form";
import { AlertRulesTable } from "./alert-rules-table";
import { TestSendResults } from "./test-send-results";
import type { TestSendResult } from "@/lib/alerts/send-test-alert";

const button =
  "rounded border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900";
const send = (url: string, body: unknown, method = "POST") =>
  fetchJson<unknown>(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Rules (admins add, edit and delete page-made ones; operators mute) and incidents with their deliveries. */
export function AlertsAdmin({ canEdit, canOperate }: { canEdit: boolean; canOperate: boolean }) {
  const queryClient = useQueryClient();
  const page = useQuery({
    queryKey: queryKeys.alerts(),
    queryFn: () => fetchJson<AlertsPage>("/api/alerts"),
    refetchInterval: 15_000,
  });
  const [error, setError] = useState<string | null>(null);
  // The form: closed, a new rule, or a page-made rule by id (a key remounts it with the rule's fields).
  const [editing, setEditing] = useState<{ id: number | null; initial: RuleFormValues; key: number } | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.alerts() });
  const act = useMutation({
    mutationFn: ({ url, body, method }: { url: string; body: unknown; method?: string }) => send(url, body, method),
    onSuccess: () => {
      setError(null);
      refresh();
    },
    onError: (e) => setError(e.message),
  });
  // The latest test send: its rule and each target's answer (null while it is on its way).
  const [tested, setTested] = useState<{ rule: string; results: TestSendResult[] | null } | null>(null);
  const test = useMutation({
    mutationFn: (rule: { id: number; name: string }) =>
      send(`/api/alerts/rules/${rule.id}/test`, {}) as Promise<{ results: TestSendResult[] }>,
    onMutate: (rule) => setTested({ rule: rule.name, results: null }),
    onSuccess: (answer, rule) => {
      setError(null);
      setTested({ rule: rule.name, results: answer.results });
    },
    onError: (e) => {
      setTested(null);
      setError(e.message);
    },
  });
  const rules = page.data?.rules ?? [];
  return (
    <div className="space-y-8">
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <section aria-labelledby="rules-heading" className="space-y-3">
        <div className="flex items-baseline gap-3">
          <h2 id="rules-heading" className="text-sm font-semibold uppercase text-zinc-500">
            Rules
          </h2>
          {canEdit ? (
            <>
              <button
                className={button}
                onClick={() => setEditing({ id: null, initial: emptyRuleForm, key: Date.now() })}
              >
                New rule
              </button>
              <button className={button} onClick={() => act.mutate({ url: "/api/alerts/evaluate", body: {} })}>
                Evaluate now
              </button>
            </>
          ) : (
            <span className="text-xs text-zinc-500">
              Read-only: admins edit rules{canOperate ? "; you may mute them" : ""}.
            </span>
          )}
        </div>
        {editing ? (
          <AlertRuleForm
            key={editing.key}
            initial={editing.initial}
            ruleId={editing.id}
            onDone={() => {
              setEditing(null);
              refresh();
            }}
            onCancel={() => setEditing(null)}
          />
        ) : null}
        {page.isPending ? (
          <p className="text-sm text-zinc-500">Loading rules…</p>
        ) : rules.length === 0 ? (
          <p className="text-sm text-zinc-500">
            No alert rule yet.{" "}
            {canEdit
              ? "Add one with New rule, or declare them in STEPSCOPE_ALERTS_FILE."
              : "An admin adds them here or in STEPSCOPE_ALERTS_FILE."}
          </p>
        ) : (
          <AlertRulesTable
            rules={rules}
            canEdit={canEdit}
            canOperate={canOperate}
            onEdit={(r) => setEditing({ id: r.id, initial: ruleFormFromRule(r), key: Date.now() })}
            onDelete={(r) => {
              if (!window.confirm(`Delete the rule '${r.name}' with its incidents and their history?`)) return;
              act.mutate({ url: `/api/alerts/rules/${r.id}`, body: {}, method: "DELETE" });
            }}
            onMute={(r, minutes) => act.mutate({ url: `/api/alerts/rules/${r.id}/mute`, body: { minutes } })}
            onTest={(r) => test.mutate(r)}
          />
        )}
        {tested ? <TestSendResults {...tested} onClose={() => setTested(null)} /> : null}
      </section>
      <AlertIncidents
        incidents={page.data?.incidents ?? []}
        canOperate={canOperate}
        onAcknowledge={(i) => act.mutate({ url: `/api/alerts/incidents/${i.id}/acknowledge`, body: {} })}
      />
    </div>
  );
}
