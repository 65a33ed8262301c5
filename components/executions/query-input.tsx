"use client";

import { useId, useMemo, useRef, useState } from "react";
import { completeQuery, type KnownValues, type QueryCompletion } from "@/lib/queries/query-language/complete-query";
import { parseListQuery } from "@/lib/queries/query-language/parse-list-query";
import { QuerySyntaxError } from "@/lib/queries/query-language/query-syntax-error";

/** The column and message of what is wrong with `text`, or null when it reads (or is plain text). */
export function queryErrorOf(text: string): QuerySyntaxError | null {
  if (!text.trim()) return null;
  try {
    parseListQuery(text);
    return null;
  } catch (error) {
    if (error instanceof QuerySyntaxError) return error;
    throw error;
  }
}

/**
 * The executions list's search box: a query-language expression (or plain text), with
 * completion of fields, operators and known values, and the error under the column it is at.
 */
export function QueryInput(props: {
  value: string;
  onChange: (value: string) => void;
  known: KnownValues;
  className: string;
  /** The field's name in the list's GET form. */
  name?: string;
}) {
  const { value, onChange, known } = props;
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const errorId = useId();
  const [caret, setCaret] = useState<number | null>(null);
  // -1: nothing chosen yet, so Enter submits; the arrows choose, Tab takes the chosen or the first.
  const [active, setActive] = useState(-1);
  const error = useMemo(() => queryErrorOf(value), [value]);
  const completions = useMemo(
    () => (caret === null ? null : completeQuery(value, caret, known)),
    [value, caret, known],
  );
  const options = completions?.options ?? [];
  const open = options.length > 0;

  const accept = (option: QueryCompletion) => {
    if (!completions) return;
    // Paths keep going (input.order.…): no space after them.
    const insert = option.insert.endsWith(".") ? option.insert : `${option.insert} `;
    const next = value.slice(0, completions.from) + insert + value.slice(completions.to);
    const at = completions.from + insert.length;
    onChange(next);
    setCaret(at);
    setActive(-1);
    requestAnimationFrame(() => input.current?.setSelectionRange(at, at));
  };

  return (
    <div className="relative">
      <input
        ref={input}
        type="search"
        name={props.name}
        role="combobox"
        aria-label="Query"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        placeholder='status = "FAILED" AND input.order.amount > 100'
        spellCheck={false}
        autoComplete="off"
        className={`${props.className} font-mono ${error ? "border-red-500 dark:border-red-500" : ""}`}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart);
          setActive(-1);
        }}
        onClick={(e) => setCaret(e.currentTarget.selectionStart)}
        onBlur={() => setCaret(null)}
        onKeyDown={(e) => {
          if (!open) return;
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setActive(
              (i) =>
                (Math.max(i, e.key === "ArrowDown" ? -1 : 0) + (e.key === "ArrowDown" ? 1 : options.length - 1)) %
                options.length,
            );
          } else if (e.key === "Tab" || (e.key === "Enter" && active >= 0)) {
            e.preventDefault();
            accept(options[Math.max(active, 0)]!);
          } else if (e.key === "Escape") {
            setCaret(null);
          }
        }}
      />
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label="Completions"
          className="absolute z-20 mt-1 max-h-64 w-full min-w-72 overflow-auto rounded border border-zinc-300 bg-white text-sm shadow dark:border-zinc-700 dark:bg-zinc-900"
        >
          {options.map((o, i) => (
            <li
              key={`${o.insert}-${i}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`flex cursor-pointer justify-between gap-3 px-2 py-1 ${i === active ? "bg-blue-100 dark:bg-blue-900" : ""}`}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                accept(o);
              }}
            >
              <span className="font-mono">{o.label}</span>
              <span className="truncate text-xs text-zinc-500">{o.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="mt-1 font-mono text-xs text-red-700 dark:text-red-400">
          <span className="block whitespace-pre text-zinc-600 dark:text-zinc-400" aria-hidden="true">
            {value}
            {"\n"}
            {" ".repeat(Math.max(0, error.column - 1))}^
          </span>
          {error.message}
        </p>
      ) : null}
    </div>
  );
}
