"use client";

import { useMemo, useState } from "react";
import { prettyPayload } from "@/lib/format/pretty-payload";

/** Shown at first; the rest on request, so a 256 KiB payload does not freeze the page. */
const previewChars = 20_000;

/** A payload string (as AWS stores it) pretty-printed when it is JSON, raw otherwise. */
export function JsonView({ value, label }: { value: string | null; label: string }) {
  const [all, setAll] = useState(false);
  const pretty = useMemo(() => (value === null ? null : prettyPayload(value)), [value]);
  if (pretty === null) return <p className="text-zinc-500">No {label.toLowerCase()} recorded.</p>;
  const shown = all || pretty.length <= previewChars ? pretty : pretty.slice(0, previewChars);
  return (
    <div>
      <pre
        aria-label={label}
        // Long lines (a definition's Comment, an ARN) wrap rather than hide behind a sideways scroll.
        className="max-h-96 overflow-auto whitespace-pre-wrap rounded bg-zinc-50 p-3 font-mono text-xs leading-5 [overflow-wrap:anywhere] dark:bg-zinc-900"
      >
        {shown}
      </pre>
      {shown.length < pretty.length ? (
        <button
          type="button"
          className="mt-1 text-xs text-blue-700 underline dark:text-blue-400"
          onClick={() => setAll(true)}
        >
          Show all ({Math.round(pretty.length / 1024)} KiB)
        </button>
      ) : null}
    </div>
  );
}
