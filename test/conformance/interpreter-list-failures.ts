// Prints every dev case the interpreter does not match, with its first difference:
// `npx tsx test/conformance/interpreter-list-failures.ts` (used to keep the suite's list honest).
import { loadConformanceCases } from "./denormalize";
import { failureReason } from "./interpreter-failure-reason";
import { runInterpreterCase, type InterpreterCase } from "./interpreter-run-case";

async function main(): Promise<void> {
  const cases = (loadConformanceCases() as unknown as InterpreterCase[]).filter((c) => c.split === "dev");
  let matched = 0;
  const failures: Record<string, { kind: string; diff: string }> = {};
  for (const c of cases) {
    let diff: string | null;
    try {
      diff = await runInterpreterCase(c);
    } catch (err) {
      diff = `threw: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (diff !== null && c.mockConfig === undefined && JSON.stringify(c.definition).includes('"Task"'))
      diff = `[no mockConfig] ${diff}`;
    if (diff === null) matched++;
    else failures[c.name] = { kind: c.pure_kind ?? "?", diff: failureReason(diff) };
  }
  if (process.argv.includes("--ts")) {
    const lines = Object.entries(failures).map(
      ([name, f]) => `  [${JSON.stringify(name)}, ${JSON.stringify(`${f.kind}: ${f.diff.split(" — ")[0] ?? ""}`)}],`,
    );
    process.stdout.write(`${lines.join("\n")}\n`);
  } else process.stdout.write(`${JSON.stringify(failures, null, 1)}\n`);
  process.stderr.write(`interpreter conformance: ${matched} matched of ${cases.length}\n`);
}

void main();
