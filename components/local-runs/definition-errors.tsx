/** One fault of a definition: its JSON Pointer, and the line it lands on in the editor when located. */
export interface LocatedError {
  readonly path: string;
  readonly message: string;
  readonly line: number | null;
}

/** Faults of a definition, each with its path; choosing one selects it in the editor. */
export function DefinitionErrors({
  errors,
  onSelect,
}: {
  errors: readonly LocatedError[];
  onSelect?: (path: string) => void;
}) {
  if (errors.length === 0) return null;
  return (
    <ul
      className="mt-2 space-y-1 text-sm text-red-700 dark:text-red-400"
      data-testid="definition-errors"
      aria-live="polite"
    >
      {errors.map((e) => (
        <li key={`${e.path}:${e.message}`} data-testid="definition-error" data-path={e.path}>
          {onSelect ? (
            <button
              type="button"
              className="font-mono font-medium underline decoration-dotted"
              onClick={() => onSelect(e.path)}
              title="Select in the editor"
            >
              {e.path}
            </button>
          ) : (
            <code className="font-mono font-medium">{e.path}</code>
          )}
          {e.line === null ? null : <span className="text-xs text-zinc-500"> (line {e.line})</span>}: {e.message}
        </li>
      ))}
    </ul>
  );
}
