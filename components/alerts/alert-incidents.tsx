"use client";

import { Timestamp } from "@/components/time/timestamp";
import { DataTable } from "@/components/layout/data-table";
import type { AlertIncidentView } from "@/lib/queries/get-alerts-page";

const deliveryColumns = ["Notification", "To", "Outcome", "Attempts", "Error"].map((label) => ({ key: label, label }));

const button =
  "rounded border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900";

/** Incidents (open first) with every notification and each delivery's outcome; operators acknowledge. */
export function AlertIncidents({
  incidents,
  canOperate,
  onAcknowledge,
}: {
  incidents: readonly AlertIncidentView[];
  canOperate: boolean;
  onAcknowledge: (incident: AlertIncidentView) => void;
}) {
  return (
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
                  <button className={button} onClick={() => onAcknowledge(i)}>
                    Acknowledge
                  </button>
                ) : null}
              </div>
              <DataTable columns={deliveryColumns} size="xs" className="mt-2" testId="alert-deliveries">
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
              </DataTable>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
