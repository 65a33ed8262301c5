/** Faults of a definition, each with the JSON Pointer it points at. */
export function DefinitionErrors({ errors }: { errors: readonly { path: string; message: string }[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-sm text-red-700 dark:text-red-400" data-testid="definition-errors" aria-live="polite">
      {errors.map((e) => (
        <li key={`${e.path}:${e.message}`} data-testid="definition-error" data-path={e.path}>
          <code className="font-mono font-medium">{e.path}</code>: {e.message}
        </li>
      ))}
    </ul>
  );
}
