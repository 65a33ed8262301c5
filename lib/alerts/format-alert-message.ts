import type { AlertFacts } from "@/lib/queries/alert-signals/alert-signal";
import type { AlertConditionKind } from "@/lib/store/alert-rule-schema";

/** What a notification says, stored with it and sent as the generic webhook's body (documented in the README). */
export interface AlertMessage {
  readonly version: 1;
  /**
   * `open`: the incident began; `repeat`: it lasts; `resolve`: the condition cleared; `test`:
   * an admin's test send from the Alerts page (no incident behind it).
   */
  readonly kind: "open" | "repeat" | "resolve" | "test";
  readonly title: string;
  readonly rule: { readonly id: number; readonly name: string; readonly condition: AlertConditionKind };
  readonly incident: {
    readonly id: string;
    readonly key: string;
    readonly openedAt: string;
    readonly resolvedAt: string | null;
  };
  readonly facts: AlertFacts;
  readonly links: {
    readonly incident: string;
    readonly execution: string | null;
    readonly failureGroup: string | null;
  };
  readonly sentAt: string;
}

const WORD = { open: "", repeat: "still: ", resolve: "resolved: ", test: "test: " } as const;

/** The message of a notification: title, facts, links under `publicUrl` (`STEPSCOPE_PUBLIC_URL`). */
export function formatAlertMessage(input: {
  kind: AlertMessage["kind"];
  rule: AlertMessage["rule"];
  incident: AlertMessage["incident"];
  facts: AlertFacts;
  publicUrl: string;
  at: Date;
}): AlertMessage {
  const base = input.publicUrl.replace(/\/+$/, "");
  const { facts } = input;
  return {
    version: 1,
    kind: input.kind,
    title: `[${input.rule.name}] ${WORD[input.kind]}${facts.summary}`,
    rule: input.rule,
    incident: input.incident,
    facts,
    links: {
      incident: `${base}/alerts?incident=${input.incident.id}`,
      execution: facts.executionArn ? `${base}/executions/${encodeURIComponent(facts.executionArn)}` : null,
      failureGroup: facts.signature ? `${base}/executions?signature=${encodeURIComponent(facts.signature)}` : null,
    },
    sentAt: input.at.toISOString(),
  };
}

/** The lines of a message as text (e-mail body, Slack fallback): what, where, how many, when, root cause, links. */
export function alertMessageLines(message: AlertMessage): string[] {
  const f = message.facts;
  const lines = [message.title, "", `Rule: ${message.rule.name} (${message.rule.condition})`, `Where: ${f.where}`];
  if (f.count !== undefined) lines.push(`How many: ${f.count}`);
  if (f.firstSeen) lines.push(`First seen: ${f.firstSeen}`);
  if (f.lastSeen) lines.push(`Last seen: ${f.lastSeen}`);
  if (f.rootCauseState) lines.push(`Root-cause state: ${f.rootCauseState}`);
  if (f.error) lines.push(`Error: ${f.error}`);
  if (f.cause) lines.push(`Cause: ${f.cause}`);
  lines.push("");
  if (message.links.execution) lines.push(`Execution: ${message.links.execution}`);
  if (message.links.failureGroup) lines.push(`Failure group: ${message.links.failureGroup}`);
  lines.push(`Incident: ${message.links.incident}`);
  return lines;
}
