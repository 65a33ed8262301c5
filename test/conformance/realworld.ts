import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** One deployed definition of `shared/realworld/definitions` (its file name without `.json`). */
export interface RealworldDefinition {
  readonly id: string;
  readonly definition: unknown;
}

/** `shared/realworld` beside the repository, or null when this checkout has none. */
export function realworldDir(): string | null {
  const dir = path.resolve(__dirname, "../../../shared/realworld");
  if (existsSync(path.join(dir, "definitions"))) return dir;
  // CI sets this: there, a missing corpus is a failure, never a silent skip.
  if (process.env["STEPSCOPE_REQUIRE_CONFORMANCE"] === "1")
    throw new Error(`real-world definitions required but missing: ${dir}`);
  return null;
}

/**
 * Every definition, sorted by id; empty when {@link realworldDir} is null. `<id>.input.json`
 * files beside some definitions are example inputs, not definitions, and are left out.
 */
export function loadRealworldDefinitions(): RealworldDefinition[] {
  const dir = realworldDir();
  if (dir === null) return [];
  const definitions = path.join(dir, "definitions");
  return readdirSync(definitions)
    .filter((file) => file.endsWith(".json") && !file.endsWith(".input.json"))
    .sort()
    .map((file) => ({
      id: file.slice(0, -".json".length),
      definition: JSON.parse(readFileSync(path.join(definitions, file), "utf8")) as unknown,
    }));
}
