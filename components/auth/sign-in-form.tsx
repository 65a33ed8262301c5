"use client";

import { useState, type FormEvent } from "react";

import { fetchJson } from "@/lib/api-client/fetch-json";

async function postJson(url: string, body: unknown): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await fetchJson(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { ok: true };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

const field = "w-full rounded border border-zinc-300 bg-white px-2 py-1.5 dark:border-zinc-700 dark:bg-zinc-950";

/** Username and password; on success goes to `next` (a same-site path) with the new session. */
export function SignInForm({ next = "/" }: { next?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    const result = await postJson("/api/auth/login", {
      username: form.get("username"),
      password: form.get("password"),
    });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    window.location.assign(next.startsWith("/") && !next.startsWith("//") ? next : "/");
  }
  return (
    <form onSubmit={onSubmit} className="w-80 space-y-3" aria-label="Sign in">
      <label className="block">
        <span className="mb-1 block text-zinc-600 dark:text-zinc-400">Username</span>
        <input name="username" autoComplete="username" required className={field} />
      </label>
      <label className="block">
        <span className="mb-1 block text-zinc-600 dark:text-zinc-400">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className={field} />
      </label>
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={busy}
        className="rounded bg-zinc-900 px-3 py-1.5 text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
      >
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

/** Creates the first admin with the one-time token the server printed at start. */
export function SetupForm({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (form.get("password") !== form.get("confirm")) return setError("The two passwords differ");
    setBusy(true);
    const result = await postJson("/api/auth/setup", {
      token: form.get("token"),
      username: form.get("username"),
      password: form.get("password"),
    });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    window.location.assign("/users");
  }
  return (
    <form onSubmit={onSubmit} className="w-96 space-y-3" aria-label="Create the first admin">
      <label className="block">
        <span className="mb-1 block text-zinc-600 dark:text-zinc-400">
          Setup token (printed by the server at start)
        </span>
        <input name="token" defaultValue={token} required className={`${field} font-mono`} />
      </label>
      <label className="block">
        <span className="mb-1 block text-zinc-600 dark:text-zinc-400">Admin username</span>
        <input name="username" defaultValue="admin" autoComplete="username" required className={field} />
      </label>
      <label className="block">
        <span className="mb-1 block text-zinc-600 dark:text-zinc-400">Password (at least 10 characters)</span>
        <input name="password" type="password" autoComplete="new-password" required minLength={10} className={field} />
      </label>
      <label className="block">
        <span className="mb-1 block text-zinc-600 dark:text-zinc-400">Password again</span>
        <input name="confirm" type="password" autoComplete="new-password" required minLength={10} className={field} />
      </label>
      {error ? (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={busy}
        className="rounded bg-zinc-900 px-3 py-1.5 text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
      >
        {busy ? "Creating…" : "Create admin and sign in"}
      </button>
    </form>
  );
}
