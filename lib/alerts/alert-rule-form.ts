import type { AlertCondition, AlertConditionKind, AlertScope, StoredTarget } from "@/lib/store/alert-rule-schema";

/** A notification target as the form holds it: an environment variable's name, or an address. */
export interface RuleFormTarget {
  readonly channel: "slack" | "webhook" | "email";
  /** Slack and webhook: the environment variable holding the URL; e-mail: the address. */
  readonly value: string;
  /** Webhook: the environment variable holding the signing secret (optional). */
  readonly secretEnv: string;
}

/** The Alerts page's rule form: every field as typed (text), turned into a rules-file entry on submit. */
export interface RuleFormValues {
  readonly name: string;
  readonly kind: AlertConditionKind;
  readonly quietFor: string;
  readonly abovePercent: string;
  readonly window: string;
  readonly minCount: string;
  readonly above: string;
  readonly aboveRatio: string;
  readonly state: string;
  readonly after: string;
  readonly budgetUsd: string;
  readonly sources: string;
  readonly accounts: string;
  readonly regions: string;
  readonly stateMachines: string;
  readonly targets: readonly RuleFormTarget[];
  readonly repeat: string;
}

/** The form's fields by the condition that uses them (the others are hidden and not sent). */
export const conditionFields: Record<AlertConditionKind, readonly (keyof RuleFormValues)[]> = {
  "new-failure-group": ["quietFor"],
  "failure-rate": ["abovePercent", "window", "minCount"],
  "duration-p95": ["above", "aboveRatio", "state", "window", "minCount"],
  "running-longer-than": ["after"],
  "monthly-cost": ["budgetUsd"],
};

/** A new rule's form. */
export const emptyRuleForm: RuleFormValues = {
  name: "",
  kind: "new-failure-group",
  quietFor: "",
  abovePercent: "",
  window: "",
  minCount: "",
  above: "",
  aboveRatio: "",
  state: "",
  after: "",
  budgetUsd: "",
  sources: "",
  accounts: "",
  regions: "",
  stateMachines: "",
  targets: [],
  repeat: "",
};

const list = (text: string): string[] | undefined => {
  const items = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return items.length > 0 ? items : undefined;
};
/** A number when the text is one; the text itself otherwise, so the server names the field it refuses. */
const numberOrText = (text: string): number | string =>
  text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
/** An environment variable's name becomes a reference; anything else (a pasted URL) is sent as is, and refused. */
const envOrText = (text: string): { env: string } | string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(text.trim()) ? { env: text.trim() } : text.trim();

/** The rules-file entry (`{name, scope, when, notify, repeat}`) the form describes; blank fields are left out. */
export function ruleFormToEntry(values: RuleFormValues): Record<string, unknown> {
  const when: Record<string, unknown> = { kind: values.kind };
  for (const field of conditionFields[values.kind]) {
    const text = String(values[field]).trim();
    if (text === "") continue;
    const numeric = field === "abovePercent" || field === "minCount" || field === "aboveRatio" || field === "budgetUsd";
    when[field] = numeric ? numberOrText(text) : text;
  }
  const scope: Record<string, string[]> = {};
  for (const field of ["sources", "accounts", "regions", "stateMachines"] as const) {
    const items = list(values[field]);
    if (items) scope[field] = items;
  }
  const notify = values.targets.map((t) => {
    if (t.channel === "email") return { email: t.value.trim() };
    if (t.channel === "slack") return { slack: envOrText(t.value) };
    return t.secretEnv.trim() === ""
      ? { webhook: envOrText(t.value) }
      : { webhook: envOrText(t.value), secret: envOrText(t.secretEnv) };
  });
  return {
    name: values.name.trim(),
    ...(Object.keys(scope).length > 0 ? { scope } : {}),
    when,
    notify,
    ...(values.repeat.trim() === "" ? {} : { repeat: values.repeat.trim() }),
  };
}

const minutesText = (minutes: number): string =>
  minutes % 1440 === 0 ? `${minutes / 1440}d` : minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
const referenceText = (ref: { env: string } | { file: string }): string => ("env" in ref ? ref.env : "");

/** The form of a stored rule, to edit it. */
export function ruleFormFromRule(rule: {
  readonly name: string;
  readonly scope: AlertScope;
  readonly when: AlertCondition;
  readonly notify: readonly StoredTarget[];
  readonly repeatMinutes: number | null;
}): RuleFormValues {
  const when = rule.when as Record<string, unknown>;
  const text = (field: string) => (when[field] === undefined ? "" : String(when[field]));
  return {
    ...emptyRuleForm,
    name: rule.name,
    kind: rule.when.kind,
    quietFor: text("quietFor"),
    abovePercent: text("abovePercent"),
    window: text("window"),
    minCount: text("minCount"),
    above: text("above"),
    aboveRatio: text("aboveRatio"),
    state: text("state"),
    after: text("after"),
    budgetUsd: text("budgetUsd"),
    sources: rule.scope.sources?.join(", ") ?? "",
    accounts: rule.scope.accounts?.join(", ") ?? "",
    regions: rule.scope.regions?.join(", ") ?? "",
    stateMachines: rule.scope.stateMachines?.join(", ") ?? "",
    targets: rule.notify.map((t) =>
      t.channel === "email"
        ? { channel: "email", value: t.to, secretEnv: "" }
        : t.channel === "slack"
          ? { channel: "slack", value: referenceText(t.url), secretEnv: "" }
          : { channel: "webhook", value: referenceText(t.url), secretEnv: t.secret ? referenceText(t.secret) : "" },
    ),
    repeat: rule.repeatMinutes === null ? "" : minutesText(rule.repeatMinutes),
  };
}

/**
 * The form field a JSON Pointer of the entry names (`/when/abovePercent` → `abovePercent`,
 * `/scope/accounts/0` → `accounts`, `/notify/1/secret` → `targets.1.secretEnv`), or `form`.
 */
export function fieldOfPointer(pointer: string): string {
  const [top, member, index] = pointer.split("/").slice(1);
  if (top === "name" || top === "repeat") return top;
  if (top === "when") return member === undefined || member === "kind" ? "kind" : member;
  if (top === "scope" && member !== undefined) return member;
  if (top === "notify" && member !== undefined)
    return `targets.${member}.${index === "secret" ? "secretEnv" : "value"}`;
  return "form";
}

/** One line for a rule's condition, as the rules table shows it. */
export function describeCondition(when: AlertCondition): string {
  switch (when.kind) {
    case "new-failure-group":
      return `new failure group (resolves after ${when.quietFor ?? "24h"} quiet)`;
    case "failure-rate":
      return `failure rate > ${when.abovePercent}% over ${when.window ?? "1h"} (at least ${when.minCount ?? 10} ended)`;
    case "duration-p95": {
      const what = when.state === undefined ? "p95 duration" : `p95 duration of ${when.state}`;
      const over = [
        when.above === undefined ? null : `> ${when.above}`,
        when.aboveRatio === undefined ? null : `> ${when.aboveRatio}× previous window`,
      ]
        .filter((s) => s !== null)
        .join(" or ");
      return `${what} ${over} over ${when.window ?? "1h"}`;
    }
    case "running-longer-than":
      return `running longer than ${when.after}`;
    case "monthly-cost":
      return `projected monthly cost > $${when.budgetUsd}`;
    default: {
      const unreachable: never = when;
      return JSON.stringify(unreachable);
    }
  }
}

/** One line for a rule's scope. */
export function describeScope(scope: AlertScope): string {
  const parts = [
    scope.stateMachines ? scope.stateMachines.join(", ") : null,
    scope.regions ? `in ${scope.regions.join(", ")}` : null,
    scope.accounts ? `accounts ${scope.accounts.join(", ")}` : null,
    scope.sources ? `sources ${scope.sources.join(", ")}` : null,
  ].filter((s) => s !== null);
  return parts.length > 0 ? parts.join("; ") : "all state machines";
}
