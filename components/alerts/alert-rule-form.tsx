"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { getFieldIssues } from "@/lib/api-client/api-error";
import { fetchJson } from "@/lib/api-client/fetch-json";
import {
  conditionFields,
  fieldOfPointer,
  ruleFormToEntry,
  type RuleFormTarget,
  type RuleFormValues,
} from "@/lib/alerts/alert-rule-form";

const input =
  "w-full rounded border border-zinc-300 bg-white px-2 py-1 text-sm aria-[invalid=true]:border-red-600 dark:border-zinc-700 dark:bg-zinc-950";
const button =
  "rounded border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900";
const kinds = [
  ["new-failure-group", "New failure group"],
  ["failure-rate", "Failure rate"],
  ["duration-p95", "p95 duration"],
  ["running-longer-than", "Running longer than"],
  ["monthly-cost", "Monthly cost"],
] as const;
/** Label and hint of each condition and scope field. */
const labels: Partial<Record<keyof RuleFormValues, [string, string]>> = {
  quietFor: ["Quiet for", 'resolves after this long without a failure; default "24h"'],
  abovePercent: ["Above (%)", "failed + timed out ÷ ended"],
  window: ["Window", 'e.g. "15m", "1h"; default "1h"'],
  minCount: ["Minimum count", "fewer never fire"],
  above: ["Above", 'a duration, e.g. "30s"'],
  aboveRatio: ["Above ratio", "× the previous window's p95"],
  state: ["State", "a state's runs instead of the executions"],
  after: ["After", 'e.g. "2h"'],
  budgetUsd: ["Budget (USD)", "projected month's cost"],
  stateMachines: ["State machines", "names or ARNs, comma-separated; all when blank"],
  sources: ["Sources", "local runs count only when named here"],
  accounts: ["Accounts", "12-digit ids"],
  regions: ["Regions", "e.g. eu-west-1"],
};

function Field(props: { id: string; label: string; hint?: string; error?: string | undefined; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5">
      <label htmlFor={props.id} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {props.label}
      </label>
      {props.children}
      {props.error ? (
        <span id={`${props.id}-error`} className="text-xs text-red-700 dark:text-red-400">
          {props.error}
        </span>
      ) : props.hint ? (
        <span className="text-xs text-zinc-500">{props.hint}</span>
      ) : null}
    </div>
  );
}

/** The rule editor: a new rule, or a page-made rule's fields (`ruleId`); the server validates and names the field at fault. */
export function AlertRuleForm(props: {
  initial: RuleFormValues;
  ruleId: number | null;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState(props.initial);
  const save = useMutation({
    mutationFn: (entry: unknown) =>
      fetchJson<unknown>(props.ruleId === null ? "/api/alerts/rules" : `/api/alerts/rules/${props.ruleId}`, {
        method: props.ruleId === null ? "POST" : "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(entry),
      }),
    onSuccess: props.onDone,
  });
  const errors = new Map(getFieldIssues(save.error).map((i) => [fieldOfPointer(i.path), i.message]));
  const set = (patch: Partial<RuleFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const setTarget = (index: number, patch: Partial<RuleFormTarget>) =>
    set({ targets: values.targets.map((t, i) => (i === index ? { ...t, ...patch } : t)) });
  const text = (field: keyof RuleFormValues) => {
    const [label, hint] = labels[field] ?? [field, ""];
    const id = `rule-${field}`;
    return (
      <Field key={field} id={id} label={label} hint={hint} error={errors.get(field)}>
        <input
          id={id}
          className={input}
          value={String(values[field])}
          onChange={(e) => set({ [field]: e.target.value })}
          aria-invalid={errors.has(field)}
          aria-describedby={errors.has(field) ? `${id}-error` : undefined}
        />
      </Field>
    );
  };
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate(ruleFormToEntry(values));
  }
  return (
    <form
      onSubmit={onSubmit}
      aria-label={props.ruleId === null ? "New alert rule" : `Edit alert rule ${props.initial.name}`}
      className="space-y-3 rounded border border-zinc-200 p-3 dark:border-zinc-800"
      noValidate
    >
      <h3 className="text-sm font-semibold">{props.ruleId === null ? "New rule" : `Edit ${props.initial.name}`}</h3>
      {save.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {save.error.message}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-3 md:grid-cols-4">
        <Field id="rule-name" label="Name" error={errors.get("name")}>
          <input
            id="rule-name"
            className={input}
            value={values.name}
            onChange={(e) => set({ name: e.target.value })}
            aria-invalid={errors.has("name")}
          />
        </Field>
        <Field id="rule-kind" label="When" error={errors.get("kind")}>
          <select
            id="rule-kind"
            className={input}
            value={values.kind}
            onChange={(e) => set({ kind: e.target.value as RuleFormValues["kind"] })}
          >
            {kinds.map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        {conditionFields[values.kind].map(text)}
      </div>
      <fieldset className="grid grid-cols-1 gap-3 md:grid-cols-4">
        <legend className="mb-1 text-xs font-semibold uppercase text-zinc-500">Scope</legend>
        {(["stateMachines", "regions", "accounts", "sources"] as const).map(text)}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-xs font-semibold uppercase text-zinc-500">Notify</legend>
        {values.targets.map((t, index) => (
          <div key={index} className="grid grid-cols-1 items-start gap-3 md:grid-cols-4" data-testid="rule-target">
            <Field id={`rule-target-${index}-channel`} label={`Target ${index + 1}`}>
              <select
                id={`rule-target-${index}-channel`}
                className={input}
                value={t.channel}
                onChange={(e) => setTarget(index, { channel: e.target.value as RuleFormTarget["channel"] })}
              >
                <option value="slack">Slack</option>
                <option value="webhook">Webhook</option>
                <option value="email">E-mail</option>
              </select>
            </Field>
            <Field
              id={`rule-target-${index}-value`}
              label={t.channel === "email" ? "Address" : "URL from environment variable"}
              hint={t.channel === "email" ? "" : "its name, e.g. SLACK_WEBHOOK_URL: the URL is never stored"}
              error={errors.get(`targets.${index}.value`)}
            >
              <input
                id={`rule-target-${index}-value`}
                className={input}
                value={t.value}
                onChange={(e) => setTarget(index, { value: e.target.value })}
                aria-invalid={errors.has(`targets.${index}.value`)}
              />
            </Field>
            {t.channel === "webhook" ? (
              <Field
                id={`rule-target-${index}-secret`}
                label="Signing secret from environment variable"
                hint="optional: signs the body (HMAC-SHA256)"
                error={errors.get(`targets.${index}.secretEnv`)}
              >
                <input
                  id={`rule-target-${index}-secret`}
                  className={input}
                  value={t.secretEnv}
                  onChange={(e) => setTarget(index, { secretEnv: e.target.value })}
                  aria-invalid={errors.has(`targets.${index}.secretEnv`)}
                />
              </Field>
            ) : (
              <span />
            )}
            <button
              type="button"
              className={`${button} self-end justify-self-start`}
              onClick={() => set({ targets: values.targets.filter((_, i) => i !== index) })}
            >
              Remove target {index + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className={button}
          onClick={() => set({ targets: [...values.targets, { channel: "slack", value: "", secretEnv: "" }] })}
        >
          Add target
        </button>
      </fieldset>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-4">
        <Field id="rule-repeat" label="Repeat every" hint="while open; never when blank" error={errors.get("repeat")}>
          <input
            id="rule-repeat"
            className={input}
            value={values.repeat}
            onChange={(e) => set({ repeat: e.target.value })}
            aria-invalid={errors.has("repeat")}
          />
        </Field>
      </div>
      <div className="space-x-2">
        <button type="submit" className={button} disabled={save.isPending}>
          {props.ruleId === null ? "Add rule" : "Save rule"}
        </button>
        <button type="button" className={button} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
