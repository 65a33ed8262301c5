"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Timestamp } from "@/components/time/timestamp";
import { fetchJson } from "@/lib/api-client/fetch-json";
import type { UserRow } from "@/lib/auth/users";
import { queryKeys } from "@/lib/api-client/query-keys";

type Role = UserRow["role"];

const roleHelp: Record<Role, string> = {
  viewer: "reads everything",
  operator: "also imports, runs, redrives, replays and stops executions",
  admin: "also manages sources and users",
};
const input = "rounded border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-950";
const send = (url: string, method: string, body: unknown) =>
  fetchJson<UserRow>(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Accounts and their roles; every change is audited on the server. */
export function UsersAdmin({ me }: { me: string }) {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users(), queryFn: () => fetchJson<{ users: UserRow[] }>("/api/users") });
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.users() });
  const change = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<{ role: Role; password: string; disabled: boolean }> }) =>
      send(`/api/users/${id}`, "PATCH", body),
    onSuccess: () => {
      setError(null);
      void refresh();
    },
    onError: (e) => setError(e.message),
  });
  const add = useMutation({
    mutationFn: (body: { username: string; password: string | null; role: Role }) => send("/api/users", "POST", body),
    onSuccess: () => {
      setError(null);
      void refresh();
    },
    onError: (e) => setError(e.message),
  });
  function onAdd(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const proxyOnly = form.get("proxyOnly") === "on";
    add.mutate({
      username: String(form.get("username")),
      password: proxyOnly ? null : String(form.get("password")),
      role: String(form.get("role")) as Role,
    });
  }
  return (
    <div className="space-y-6">
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <table className="w-full text-left">
        <thead className="border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:border-zinc-800">
          <tr>
            <th className="py-1 pr-3">User</th>
            <th className="pr-3">Role</th>
            <th className="pr-3">Signs in with</th>
            <th className="pr-3">Last sign-in</th>
            <th className="pr-3">State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(users.data?.users ?? []).map((u) => (
            <tr key={u.id} className="border-b border-zinc-100 dark:border-zinc-900" data-testid="user-row">
              <td className="py-1 pr-3 font-medium">
                {u.username}
                {u.username === me ? " (you)" : ""}
              </td>
              <td className="pr-3">
                <select
                  aria-label={`Role of ${u.username}`}
                  value={u.role}
                  className={input}
                  onChange={(e) => change.mutate({ id: u.id, body: { role: e.target.value as Role } })}
                >
                  {(["viewer", "operator", "admin"] as const).map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td className="pr-3">{u.signsInWith === "proxy" ? "proxy header only" : "password"}</td>
              <td className="pr-3">{u.lastLoginAt ? <Timestamp iso={u.lastLoginAt} /> : "never"}</td>
              <td className="pr-3">{u.disabled ? "disabled" : "active"}</td>
              <td className="space-x-2 text-right">
                <button
                  type="button"
                  className="underline"
                  onClick={() => change.mutate({ id: u.id, body: { disabled: !u.disabled } })}
                >
                  {u.disabled ? "Enable" : "Disable"}
                </button>
                {u.signsInWith === "password" ? (
                  <button
                    type="button"
                    className="underline"
                    onClick={() => {
                      const password = window.prompt(`New password for ${u.username} (at least 10 characters)`);
                      if (password) change.mutate({ id: u.id, body: { password } });
                    }}
                  >
                    Set password
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={onAdd} className="flex flex-wrap items-end gap-2" aria-label="Add a user">
        <label className="flex flex-col">
          <span className="text-xs text-zinc-500">Username</span>
          <input name="username" required className={input} />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-zinc-500">Password (10+ characters)</span>
          <input name="password" type="password" autoComplete="new-password" className={input} />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-zinc-500">Role</span>
          <select name="role" defaultValue="viewer" className={input}>
            {(["viewer", "operator", "admin"] as const).map((r) => (
              <option key={r} value={r}>
                {r} — {roleHelp[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="proxyOnly" /> signs in through the proxy only
        </label>
        <button
          type="submit"
          disabled={add.isPending}
          className="rounded border border-zinc-300 px-3 py-1 dark:border-zinc-700"
        >
          Add user
        </button>
      </form>
    </div>
  );
}
