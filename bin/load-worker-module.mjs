// Loads a worker's TypeScript entry (a local run's child process, the import's worker thread) fast.
// Through tsx every start resolves and transforms ~100 modules (1.2 s idle, several seconds on a
// loaded machine), paid by every local run. So the entry is bundled once with esbuild (what tsx runs
// on) into node_modules/.cache, and reused while none of its inputs changed (one stat per input, as
// esbuild's metafile lists them, hashed together); a changed source rebuilds it. Where the bundle cannot be built or
// written (a read-only install), tsx loads the sources as before.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = path.join(root, "node_modules", ".cache", "stepscope-workers");

/** One hash of the contents of `inputs` (paths from the project's root), in their order. */
async function hashOf(inputs) {
  const hash = createHash("sha256");
  for (const contents of await Promise.all(inputs.map((input) => readFile(path.join(root, input)))))
    hash.update(contents);
  return hash.digest("hex");
}

/** The bundle named `name` if it was built from the sources as they are now. */
async function freshBundle(name) {
  try {
    const built = JSON.parse(await readFile(path.join(cacheDir, `${name}.inputs.json`), "utf8"));
    return built.hash === (await hashOf(built.inputs))
      ? path.join(cacheDir, `${name}.${built.hash.slice(0, 16)}.mjs`)
      : null;
  } catch {
    return null;
  }
}

async function buildBundle(entry, name) {
  const result = await build({
    entryPoints: [path.join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages load from node_modules as usual (the bundle sits under it); only our sources are bundled.
    packages: "external",
    tsconfig: path.join(root, "tsconfig.json"),
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  await mkdir(cacheDir, { recursive: true });
  const inputs = Object.keys(result.metafile.inputs);
  const hash = await hashOf(inputs);
  // Named by the hash and renamed into place: two processes building at once each leave a whole file,
  // and a process still loading an older bundle keeps its file.
  const bundle = path.join(cacheDir, `${name}.${hash.slice(0, 16)}.mjs`);
  const unique = `${process.pid}-${Date.now()}`;
  await writeFile(`${bundle}.${unique}`, result.outputFiles[0].contents);
  await rename(`${bundle}.${unique}`, bundle);
  const record = path.join(cacheDir, `${name}.inputs.json`);
  await writeFile(`${record}.${unique}`, JSON.stringify({ hash, inputs }));
  await rename(`${record}.${unique}`, record);
  return bundle;
}

/** Imports the module at `entry` (relative to the project's root), bundled when it can be. */
export async function loadWorkerModule(entry) {
  const name = path.basename(entry).replace(/\.ts$/, "");
  if (process.env.STEPSCOPE_WORKER_BUNDLE !== "off") {
    const bundle = (await freshBundle(name)) ?? (await buildBundle(entry, name).catch(() => null));
    if (bundle) return import(pathToFileURL(bundle).href);
  }
  const { tsImport } = await import("tsx/esm/api");
  return tsImport(pathToFileURL(path.join(root, entry)).href, import.meta.url);
}
