"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Timestamp } from "@/components/time/timestamp";
import { fetchJson } from "@/lib/api-client/fetch-json";
import { queryKeys } from "@/lib/api-client/query-keys";
import type { AlertsPage } from "@/lib/queries/get-alerts-page";

const example = JSON.stringify(
  {
    name: "payments failing",
    scope: { stateMachines: ["Payments"] },
    when: { kind: "failure-rate", abovePercent: 5, window: "15m", minCount: 10 },
    notify: [{ slack: { env: "SLACK_WEBHOOK_URL" } }, { email: "oncall@example.com" }],
    repeat: "4h",
  },
  null,
  2,
);
const button =
  "rounded border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900";
const post = (url: string, body: unknown, method = "POST") =>
  fetchJson<unknown>(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Rules (admins edit, operators mute) and incidents with each notification's deliveries (operators acknowledge). */
export function AlertsAdmin({ canEdit, canOperate }: { canEdit: boolean; canOperate: boolean }) {
  const queryClient = useQueryClient();
  const page = useQuery({
    queryKey: queryKeys.alerts(),
    queryFn: () => fetchJson<AlertsPage>("/api/alerts"),
    refetchInterval: 15_000,
  });
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState(example);
  const act = useMutation({
    mutationFn: ({ url, body, method }: { url: string; body: unknown; method?: string }) => post(url, body, method),
    onSuccess: () => {
      setError(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.alerts() });
    },
    onError: (e) => setError(e.message),
  });
  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    let body: unknown;
    try {
      body = JSON.parse(draft);
    } catch {
      setError("the rule is not valid JSON");
      return;
    }
    act.mutate({ url: "/api/alerts/rules", body });
  }
  const rules = page.data?.rules ?? [];
  const incidents = page.data?.incidents ?? [];
  return (
    <div className="space-y-8">
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <section aria-labelledby="rules-heading" className="space-y-2">
        <h2 id="rules-heading" className="text-sm font-semibold uppercase text-zinc-500">
          Rules
        </h2>
        {rules.length === 0 ? (
          <p className="text-sm text-zinc-500">
            No alert rule yet.{" "}
            {canEdit
              ? "Add one below, or declare them in STEPSCOPE_ALERTS_FILE."
              : "An admin adds them here or in STEPSCOPE_ALERTS_FILE."}
          </p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="alert-rules">
            <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:border-zinc-800">
              <tr>
                <th className="py-1 pr-3">Rule</th>
                <th className="pr-3">When</th>
                <th className="pr-3">Notifies</th>
                <th className="pr-3">Open</th>
                <th className="pr-3">Declared in</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id} className="border-b border-zinc-100 dark:border-zinc-900" data-testid="alert-rule-row">
                  <td className="py-1 pr-3 font-medium">{r.name}</td>
                  <td className="pr-3 font-mono text-xs">{JSON.stringify(r.when)}</td>
                  <td className="pr-3">
                    {r.notify
                      .map((t) =>
                        t.channel === "email"
                          ? t.to
                          : `${t.channel} ${"env" in t.url ? `$${t.url.env}` : `(rules file ${t.url.file})`}`,
                      )
                      .join(", ") || "—"}
                  </td>
                  <td className="pr-3">{r.openIncidents}</td>
                  <td className="pr-3">{r.origin === "page" ? "this page" : r.origin}</td>
                  <td className="space-x-2 whitespace-nowrap">
                    {r.mutedUntil && Date.parse(r.mutedUntil) > Date.now() ? (
                      <>
                        <span>
                          muted until <Timestamp iso={r.mutedUntil} />
                        </span>
                        {canOperate ? (
                          <button
                            className={button}
                            onClick={() =>
                              act.mutate({ url: `/api/alerts/rules/${r.id}/mute`, body: { minutes: null } })
                            }
                          >
                            Unmute
                          </button>
                        ) : null}
                      </>
                    ) : canOperate ? (
                      <button
                        className={button}
                        onClick={() => act.mutate({ url: `/api/alerts/rules/${r.id}/mute`, body: { minutes: 60 } })}
                      >
                        Mute 1 h
                      </button>
                    ) : null}
                    {canEdit && r.origin === "page" ? (
                      <button
                        className={button}
                        onClick={() => act.mutate({ url: `/api/alerts/rules/${r.id}`, body: {}, method: "DELETE" })}
                      >
                        Delete
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canEdit ? (
          <form onSubmit={onCreate} className="space-y-2" aria-label="New alert rule">
            <label className="block text-sm">
              New rule (the rules file&apos;s format; secrets as <code>{'{"env": "NAME"}'}</code>)
              <textarea
                name="rule"
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
                rows={10}
                className="mt-1 block w-full rounded border border-zinc-300 bg-white p-2 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
              />
            </label>
            <div className="space-x-2">
              <button type="submit" className={button}>
                Add rule
              </button>
              <button
                type="button"
                className={button}
                onClick={() => act.mutate({ url: "/api/alerts/evaluate", body: {} })}
              >
                Evaluate now
              </button>
            </div>
          </form>
        ) : null}
      </section>

      <section aria-labelledby="incidents-heading" className="space-y-2">
        <h2 id="incidents-heading" className="text-sm font-semibold uppercase text-zinc-500">
          Incidents
        </h2>
        {incidents.length === 0 ? (
          <p className="text-sm text-zinc-500">No incident: every rule&apos;s condition is clear.</p>
        ) : (
          <ul className="space-y-3" data-testid="alert-incidents">
            {incidents.map((i) => (
              <li
                key={i.id}
                id={`incident-${i.id}`}
                className="rounded border border-zinc-200 p-3 dark:border-zinc-800"
                data-testid="alert-incident"
              >
                <div className="flex flex-wrap items-baseline gap-x-3">
                  <span
                    className={i.status === "OPEN" ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-500"}
                  >
                    {i.status === "OPEN" ? "● Open" : "✓ Resolved"}
                  </span>
                  <span className="font-medium">{i.rule}</span>
                  <span>{i.summary}</span>
                  <span className="text-xs text-zinc-500">
                    opened <Timestamp iso={i.openedAt} />
                    {i.resolvedAt ? (
                      <>
                        , resolved <Timestamp iso={i.resolvedAt} />
                      </>
                    ) : null}
                  </span>
                  {i.acknowledgedAt ? (
                    <span className="text-xs">acknowledged by {i.acknowledgedBy}</span>
                  ) : canOperate && i.status === "OPEN" ? (
                    <button
                      className={button}
                      onClick={() => act.mutate({ url: `/api/alerts/incidents/${i.id}/acknowledge`, body: {} })}
                    >
                      Acknowledge
                    </button>
                  ) : null}
                </div>
                <table className="mt-2 w-full text-left text-xs" data-testid="alert-deliveries">
                  <thead className="text-zinc-500">
                    <tr>
                      <th className="pr-3">Notification</th>
                      <th className="pr-3">To</th>
                      <th className="pr-3">Outcome</th>
                      <th className="pr-3">Attempts</th>
                      <th>Error</th>
                    </tr>
                  </thead>
                  <tbody>
                    {i.notifications.flatMap((n) =>
                      (n.deliveries.length > 0 ? n.deliveries : [null]).map((d, index) => (
                        <tr key={`${n.id}-${d?.id ?? index}`} data-testid="alert-delivery">
                          <td className="pr-3">
                            {n.kind} <Timestamp iso={n.createdAt} />
                          </td>
                          <td className="pr-3">{d?.label ?? "— (muted or no target)"}</td>
                          <td className="pr-3">
                            {d === null
                              ? ""
                              : d.state === "DELIVERED"
                                ? "✓ delivered"
                                : d.state === "FAILED"
                                  ? "✕ failed"
                                  : "… retrying"}
                          </td>
                          <td className="pr-3">{d?.attempts ?? ""}</td>
                          <td>{d?.lastError ?? ""}</td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
