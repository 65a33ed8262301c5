"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useActor } from "@/components/auth/actor-context";
import { fetchJson } from "@/lib/api-client/fetch-json";
import type { AwsSourceStatus } from "@/lib/ingest/aws-source-status";
import { queryKeys } from "@/lib/api-client/query-keys";

const input =
  "w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700 read-only:bg-zinc-50 read-only:text-zinc-500 dark:read-only:bg-zinc-900";
const label = "flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400";

/**
 * Adds an AWS source, or edits one (`source`: its name and region stay, the next sync uses
 * the rest). Credentials are not asked for: the server uses its standard AWS chain (a
 * profile or a role to assume at most). Shown to admins only (the server checks again).
 */
export function AwsSourceForm({ source }: { source?: AwsSourceStatus }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const settings = source?.settings;
  const [mode, setMode] = useState<"all" | "prefix" | "tag">(settings?.stateMachines.mode ?? "all");
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  if (!useActor().can("admin")) return null;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const text = (name: string): string | undefined => {
      const value = String(f.get(name) ?? "").trim();
      return value === "" ? undefined : value;
    };
    const filter =
      mode === "prefix"
        ? { mode, prefix: text("prefix") ?? "" }
        : mode === "tag"
          ? { mode, tagKey: text("tagKey") ?? "", ...(text("tagValue") ? { tagValue: text("tagValue") } : {}) }
          : { mode };
    // Settings the form does not show (concurrency, quotas, external id) are kept as they are.
    const { profile: _profile, roleArn: _roleArn, ...kept } = settings ?? {};
    const nextSettings = {
      ...kept,
      ...(text("profile") ? { profile: text("profile") } : {}),
      ...(text("roleArn") ? { roleArn: text("roleArn") } : {}),
      stateMachines: filter,
      firstSyncDays: Number(text("firstSyncDays") ?? "90"),
      pollIntervalSeconds: Number(text("pollIntervalSeconds") ?? "300"),
    };
    try {
      if (source) {
        const body = {
          accountId: text("accountId") ?? null,
          endpoint: text("endpoint") ?? null,
          settings: nextSettings,
        };
        await fetchJson(`/api/sources/${source.id}`, {
          method: "PATCH",
          body: JSON.stringify(body),
          headers: { "content-type": "application/json" },
        });
        setSaved(true);
      } else {
        const body = {
          name: text("name"),
          region: text("region"),
          ...(text("accountId") ? { accountId: text("accountId") } : {}),
          ...(text("endpoint") ? { endpoint: text("endpoint") } : {}),
          settings: nextSettings,
        };
        await fetchJson("/api/sources", {
          method: "POST",
          body: JSON.stringify(body),
          headers: { "content-type": "application/json" },
        });
        form.reset();
      }
      setError(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.awsSources() });
      router.refresh();
    } catch (e) {
      setSaved(false);
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const filter = settings?.stateMachines;
  return (
    <form
      onSubmit={submit}
      onChange={() => setSaved(false)}
      className="mt-3 grid grid-cols-2 gap-3 md:grid-cols-4"
      aria-label={source ? `Edit ${source.name}` : "Add an AWS source"}
    >
      <label className={label}>
        Name
        <input
          name="name"
          required
          className={input}
          placeholder="prod-us-east-1"
          defaultValue={source?.name}
          readOnly={!!source}
        />
      </label>
      <label className={label}>
        Region
        <input
          name="region"
          required
          className={input}
          placeholder="us-east-1"
          defaultValue={source?.region ?? undefined}
          readOnly={!!source}
        />
      </label>
      <label className={label}>
        Account id (optional)
        <input name="accountId" className={input} inputMode="numeric" defaultValue={source?.accountId ?? undefined} />
      </label>
      <label className={label}>
        Endpoint override (optional)
        <input
          name="endpoint"
          className={input}
          placeholder="https://vpce-…"
          defaultValue={source?.endpoint ?? undefined}
        />
      </label>
      <label className={label}>
        AWS profile (optional)
        <input name="profile" className={input} defaultValue={settings?.profile} />
      </label>
      <label className={label}>
        Role to assume (optional)
        <input
          name="roleArn"
          className={input}
          placeholder="arn:aws:iam::123456789012:role/stepscope"
          defaultValue={settings?.roleArn}
        />
      </label>
      <label className={label}>
        State machines
        <select className={input} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
          <option value="all">All</option>
          <option value="prefix">By name prefix</option>
          <option value="tag">By tag</option>
        </select>
      </label>
      {mode === "prefix" ? (
        <label className={label}>
          Name prefix
          <input
            name="prefix"
            required
            className={input}
            defaultValue={filter?.mode === "prefix" ? filter.prefix : undefined}
          />
        </label>
      ) : null}
      {mode === "tag" ? (
        <>
          <label className={label}>
            Tag key
            <input
              name="tagKey"
              required
              className={input}
              defaultValue={filter?.mode === "tag" ? filter.tagKey : undefined}
            />
          </label>
          <label className={label}>
            Tag value (optional)
            <input
              name="tagValue"
              className={input}
              defaultValue={filter?.mode === "tag" ? filter.tagValue : undefined}
            />
          </label>
        </>
      ) : null}
      <label className={label}>
        First sync reaches back (days)
        <input
          name="firstSyncDays"
          type="number"
          min={1}
          defaultValue={settings?.firstSyncDays ?? 90}
          className={input}
        />
      </label>
      <label className={label}>
        Poll every (seconds)
        <input
          name="pollIntervalSeconds"
          type="number"
          min={10}
          defaultValue={settings?.pollIntervalSeconds ?? 300}
          className={input}
        />
      </label>
      <div className="col-span-full flex items-center gap-3">
        <button
          type="submit"
          className="shrink-0 whitespace-nowrap rounded bg-zinc-900 px-3 py-1 text-sm text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          {source ? "Save" : "Add source"}
        </button>
        <span className="text-xs text-zinc-500">
          {source
            ? "The next sync uses these; what was synced stays."
            : "Credentials come from the server's AWS credential chain; none are stored or sent to the browser."}
        </span>
        {saved ? (
          <span className="text-xs text-green-700 dark:text-green-400" role="status">
            Saved
          </span>
        ) : null}
        {error ? (
          <span className="text-xs text-red-700" role="alert">
            {error}
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** The Sources page's "Add an AWS source" section (admins only). */
export function AddAwsSourceForm() {
  if (!useActor().can("admin")) return null;
  return (
    <details className="mb-6 rounded border border-zinc-200 p-3 dark:border-zinc-800" data-testid="add-aws-source">
      <summary className="cursor-pointer text-sm font-medium">Add an AWS source</summary>
      <AwsSourceForm />
    </details>
  );
}
