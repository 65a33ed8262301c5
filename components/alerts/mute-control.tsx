"use client";

import { useState } from "react";
import { muteChoices, muteMinutesUntil } from "@/lib/alerts/mute-choices";

const control = "rounded border border-zinc-300 bg-white px-1 py-0.5 text-sm dark:border-zinc-700 dark:bg-zinc-950";
const button =
  "rounded border border-zinc-300 px-2 py-0.5 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900";

/** Mute a rule for 1 h, 4 h, 24 h or until a chosen date and time (the browser's zone). */
export function MuteControl({ name, onMute }: { name: string; onMute: (minutes: number) => void }) {
  const [choice, setChoice] = useState<string>(String(muteChoices[0].minutes));
  const [until, setUntil] = useState("");
  const [error, setError] = useState<string | null>(null);
  const mute = () => {
    if (choice !== "until") return onMute(Number(choice));
    const picked = muteMinutesUntil(until, new Date());
    if ("error" in picked) return setError(picked.error);
    setError(null);
    onMute(picked.minutes);
  };
  return (
    <span className="inline-flex flex-wrap items-baseline gap-1">
      <select
        className={control}
        value={choice}
        onChange={(e) => setChoice(e.target.value)}
        aria-label={`Mute ${name} for`}
      >
        {muteChoices.map((c) => (
          <option key={c.minutes} value={c.minutes}>
            {c.label}
          </option>
        ))}
        <option value="until">until…</option>
      </select>
      {choice === "until" ? (
        <input
          type="datetime-local"
          className={control}
          value={until}
          onChange={(e) => setUntil(e.target.value)}
          aria-label={`Mute ${name} until`}
        />
      ) : null}
      <button className={button} onClick={mute} aria-label={`Mute ${name}`}>
        Mute
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </span>
  );
}
