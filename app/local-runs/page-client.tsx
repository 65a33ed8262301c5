"use client";

import { MockConfigFields } from "@/components/local-runs/mock-config-fields";
import { useActor } from "@/components/auth/actor-context";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { DefinitionErrors, type LocatedError } from "@/components/local-runs/definition-errors";
import { executionHref } from "@/lib/format/execution-href";
import { locateJsonPointer } from "@/lib/local-runs/locate-json-pointer";
import { starterDefinitions, type StarterDefinition } from "@/lib/local-runs/starter-definitions";
import { postLocalRun, validateLocalDefinition, type PathError } from "@/lib/local-runs/local-runs-client";

const area = "w-full rounded border border-zinc-300 bg-transparent p-2 font-mono text-xs dark:border-zinc-700";
const label = "flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400";

/** The Local runs editor: definition (validated as you type), input, optional mock config; Run opens the execution. */
export function LocalRunsPageClient() {
  const router = useRouter();
  // Running stores an execution: operators and admins (the server checks it again). Validation is open to readers.
  const canRun = useActor().can("operator");
  const first = starterDefinitions[0] as StarterDefinition;
  const [starter, setStarter] = useState(first.id);
  const [definition, setDefinition] = useState(first.definition);
  const [input, setInput] = useState(first.input);
  const [mockConfig, setMockConfig] = useState(first.mockConfig);
  const [testCase, setTestCase] = useState(first.testCase);
  const [stateMachineName, setStateMachineName] = useState(first.stateMachineName);
  const [errors, setErrors] = useState<PathError[]>([]);
  const [checking, setChecking] = useState(false);
  const [running, setRunning] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; errors: readonly PathError[] } | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const located = useMemo(() => locateErrors(definition, errors), [definition, errors]);

  function pick(id: string): void {
    const chosen = starterDefinitions.find((s) => s.id === id);
    if (chosen === undefined) return;
    setStarter(chosen.id);
    setDefinition(chosen.definition);
    setInput(chosen.input);
    setMockConfig(chosen.mockConfig);
    setTestCase(chosen.testCase);
    setStateMachineName(chosen.stateMachineName);
    setRefusal(null);
  }

  /** Selects the span a path names in the definition editor and scrolls it into view. */
  function select(path: string): void {
    if (!isDefinitionPath(path)) return;
    const range = locateJsonPointer(definition, path);
    const area = editor.current;
    if (range === null || area === null) return;
    area.focus();
    area.setSelectionRange(range.start, range.end);
    const lineHeight = Number.parseFloat(getComputedStyle(area).lineHeight) || 16;
    area.scrollTop = Math.max(0, (range.line - 4) * lineHeight);
  }

  useEffect(() => {
    const controller = new AbortController();
    setChecking(true);
    const timer = setTimeout(() => {
      validateLocalDefinition(definition, controller.signal)
        .then((found) => {
          setErrors(found);
          setChecking(false);
        })
        .catch((err: unknown) => {
          if (!controller.signal.aborted) {
            setErrors([{ path: "/", message: err instanceof Error ? err.message : String(err) }]);
            setChecking(false);
          }
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [definition]);

  async function run(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setRunning(true);
    setRefusal(null);
    const outcome = await postLocalRun({
      definition,
      input: input.trim() === "" ? "{}" : input,
      stateMachineName: stateMachineName.trim() === "" ? "local" : stateMachineName.trim(),
      ...(mockConfig.trim() === "" ? {} : { mockConfig, testCase: testCase.trim() }),
    }).catch((err: unknown) => ({
      type: "refused" as const,
      message: err instanceof Error ? err.message : String(err),
      errors: [],
    }));
    if (outcome.type === "ran") {
      router.push(executionHref(outcome.executionArn));
      return;
    }
    setRefusal({ message: outcome.message, errors: outcome.errors });
    setRunning(false);
  }

  const valid = !checking && errors.length === 0;
  return (
    <form onSubmit={run} className="grid gap-4 lg:grid-cols-2" data-testid="local-run-form">
      <div className="flex flex-col">
        <label className={`${label} mb-3`}>
          Start from
          <select
            name="starter"
            className="w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
            value={starter}
            onChange={(e) => pick(e.target.value)}
          >
            {starterDefinitions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          Definition (Amazon States Language)
          <textarea
            name="definition"
            ref={editor}
            className={`${area} h-96`}
            spellCheck={false}
            value={definition}
            onChange={(e) => setDefinition(e.target.value)}
            aria-invalid={errors.length > 0}
          />
        </label>
        <p className="mt-1 text-xs text-zinc-500" data-testid="definition-status">
          {checking
            ? "Checking…"
            : errors.length === 0
              ? "Valid definition"
              : `${errors.length} error${errors.length === 1 ? "" : "s"}`}
        </p>
        <DefinitionErrors errors={located} onSelect={select} />
      </div>
      <div className="flex flex-col gap-3">
        <label className={label}>
          Input (JSON)
          <textarea
            name="input"
            className={`${area} h-32`}
            spellCheck={false}
            value={input}
            onChange={(e) => setInput(e.target.value)}
          />
        </label>
        <label className={label}>
          State machine name
          <input
            name="stateMachineName"
            className="w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
            value={stateMachineName}
            onChange={(e) => setStateMachineName(e.target.value)}
            pattern="[A-Za-z0-9_\-]{1,80}"
          />
        </label>
        <MockConfigFields
          caption="Mock config (optional MockConfigFile; its StateMachines key is the name above)"
          mockConfig={mockConfig}
          onMockConfig={setMockConfig}
          testCase={testCase}
          onTestCase={setTestCase}
        />
        <div>
          <button
            type="submit"
            disabled={!valid || running || !canRun}
            aria-describedby={canRun ? undefined : "run-needs-operator"}
            className="rounded bg-zinc-900 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50 dark:bg-zinc-100 dark:text-zinc-900"
          >
            {running ? "Running…" : "Run"}
          </button>
          {canRun ? null : (
            <span id="run-needs-operator" className="ml-2 text-sm text-zinc-500">
              Running needs the operator role:{" "}
              <a className="underline" href="/login?next=/local-runs">
                sign in
              </a>{" "}
              as an operator.
            </span>
          )}
        </div>
        {refusal ? (
          <div role="alert" className="text-sm text-red-700 dark:text-red-400" data-testid="run-refused">
            <p>{refusal.message}</p>
            <DefinitionErrors errors={locateErrors(definition, refusal.errors)} onSelect={select} />
          </div>
        ) : null}
      </div>
    </form>
  );
}

function locateErrors(definition: string, errors: readonly PathError[]): LocatedError[] {
  return errors.map((e) => ({
    ...e,
    line: isDefinitionPath(e.path) ? (locateJsonPointer(definition, e.path)?.line ?? null) : null,
  }));
}

/** Paths of a refused run name the input or mock config with a prefix; others point into the definition. */
function isDefinitionPath(path: string): boolean {
  return !/^\/(input|mockConfig|testCase|stateMachineName)(\/|$)/.test(path);
}
