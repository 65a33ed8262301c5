import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A file of `bin/` that a worker thread or child process runs: beside these sources when they
 * run from the checkout (tsx: the CLI, tests), else under the working directory (the Next.js
 * server runs from the project folder; its bundles do not keep source paths). The caller
 * passes the name as a variable so the bundler does not try to bundle the file.
 */
export function locateBinFile(name: string): string {
  const candidates: string[] = [];
  try {
    candidates.push(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "bin", name));
  } catch {
    // import.meta.url is not a file URL inside a bundle.
  }
  candidates.push(path.resolve(process.cwd(), "bin", name));
  const found = candidates.find((file) => existsSync(file));
  if (found === undefined) throw new Error(`${name} is missing (looked for ${candidates.join(", ")})`);
  return found;
}
