import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** One conformance case as `shared/conformance/cases/*.json` stores it (the fields the suites read). */
export interface Case {
  readonly name: string;
  readonly split: string;
  readonly status: string;
  readonly state_machine_type: string;
  readonly query_language: string;
  readonly flags: readonly string[];
  readonly features: readonly string[];
  readonly state_types: readonly string[];
  readonly definition: unknown;
  readonly input_string: string;
  readonly history: readonly Record<string, unknown>[];
}

/** `shared/conformance` beside the repository, or null when this checkout has none. */
export function conformanceDir(): string | null {
  const dir = path.resolve(__dirname, "../../../shared/conformance");
  if (existsSync(path.join(dir, "cases"))) return dir;
  // CI sets this: there, a missing corpus is a failure, never a silent skip.
  if (process.env["STEPSCOPE_REQUIRE_CONFORMANCE"] === "1")
    throw new Error(`conformance corpus required but missing: ${dir}`);
  return null;
}

/** Every case, sorted by file name; empty when {@link conformanceDir} is null. */
export function loadConformanceCases(): Case[] {
  const dir = conformanceDir();
  if (dir === null) return [];
  const casesDir = path.join(dir, "cases");
  return readdirSync(casesDir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(casesDir, file), "utf8")) as Case);
}

const BASE_MS = Date.UTC(2024, 2, 17, 11, 10, 40, 0);
const GAP_MS = 100;

/**
 * Turns a recorded case back into what `aws stepfunctions get-execution-history` prints:
 * JSON-object (and array) payloads stringified as AWS sends them, timestamps synthesised
 * 100 ms apart in the CLI's `2024-03-17T11:10:40.100000+00:00` form, and the events that
 * the recording normalised to id 0 inside Parallel states (`parallel-normalized-order`)
 * put back in a plausible order (each branch's states in sequence, each state's events in
 * lifecycle order; branches from the definition's `Branches`) with fresh ascending ids and
 * `previousEventId` chains (a branch's first event points at its `ParallelStateStarted`).
 * `previousEventId`s pointing at events the recording dropped point at the event before.
 * Events stay in the recorded order (a `reverse-order` case stays descending).
 */
export function toAwsHistory(caseJson: Case): { events: unknown[] } {
  const recorded = caseJson.history.map((event) => ({ ...event, id: idOf(event["id"]) }));
  const descending = caseJson.flags.includes("reverse-order");
  const ascending = descending ? [...recorded].reverse() : recorded;
  const branchOf = branchIndexByState(caseJson.definition);
  const ordered: Record<string, unknown>[] = [];
  for (let i = 0; i < ascending.length;) {
    const event = ascending[i] as Record<string, unknown> & { id: number };
    if (event.id !== 0) {
      ordered.push(event);
      i++;
      continue;
    }
    let end = i;
    while (end < ascending.length && (ascending[end] as { id: number }).id === 0) end++;
    ordered.push(...reorderBlock(ascending.slice(i, end), branchOf));
    i = end;
  }
  const events = renumber(ordered).map((event, index) => ({
    ...stringifyPayloads(event),
    timestamp: cliTimestamp(BASE_MS + index * GAP_MS),
  }));
  return { events: descending ? events.reverse() : events };
}

function idOf(value: unknown): number {
  if (Array.isArray(value)) return Number(value[0] ?? 0);
  return typeof value === "number" ? value : 0;
}

function cliTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000+00:00");
}

const RANK: readonly [RegExp, number][] = [
  [/StateEntered$/, 0],
  [/Scheduled$/, 1],
  [/Started$/, 2],
  [/Submitted$/, 3],
  [/(Succeeded|Failed|TimedOut)$/, 4],
  [/State(Exited|Aborted)$/, 5],
];
const rank = (type: string): number => RANK.find(([re]) => re.test(type))?.[1] ?? 4;

interface BlockRun {
  readonly name: string;
  readonly stateType: string;
  readonly events: Record<string, unknown>[];
  branch: number;
}

/** Rebuilds one block of id-0 events: `previousEventId` -1 marks "the branch's start". */
function reorderBlock(
  block: readonly Record<string, unknown>[],
  branchOf: ReadonlyMap<string, number>,
): Record<string, unknown>[] {
  const runs: BlockRun[] = [];
  const taken = new Map<string, number>();
  for (const event of block) {
    const type = String(event["type"]);
    const name = nameOf(event);
    const entered = /^(\w+)StateEntered$/.exec(type);
    if (entered !== null) {
      runs.push({
        name: name ?? "",
        stateType: entered[1] ?? "",
        events: [event],
        branch: branchOf.get(name ?? "") ?? runs.length,
      });
      continue;
    }
    let target: BlockRun | undefined;
    if (name !== null) target = runs.find((run) => run.name === name && !run.events.some((e) => e["type"] === type));
    if (target === undefined) {
      // Nameless events (Task steps, aborts) go to the k-th Task run, in entry order.
      const k = taken.get(type) ?? 0;
      taken.set(type, k + 1);
      target = runs.filter((run) => run.stateType === "Task")[k] ?? runs[runs.length - 1];
    }
    target?.events.push(event);
  }
  const branches = new Map<number, BlockRun[]>();
  for (const run of runs) branches.set(run.branch, [...(branches.get(run.branch) ?? []), run]);
  const out: Record<string, unknown>[] = [];
  for (const branchRuns of branches.values()) {
    const events = branchRuns.flatMap((run) =>
      [...run.events].sort((a, b) => rank(String(a["type"])) - rank(String(b["type"]))),
    );
    events.forEach((event, index) => out.push({ ...event, previousEventId: index === 0 ? -1 : -2 }));
  }
  return out;
}

function nameOf(event: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith("EventDetails") && typeof value === "object" && value !== null) {
      const name = (value as Record<string, unknown>)["name"];
      if (typeof name === "string") return name;
    }
  }
  return null;
}

/** Assigns ascending ids (keeping recorded ones where they fit) and fixes `previousEventId`. */
function renumber(events: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const newIdOf = new Map<number, number>();
  let next = 1;
  let lastParallelStart = 0;
  let previousInBranch = 0;
  const assigned = new Set<number>();
  return events.map((event, index) => {
    const oldId = Number(event["id"]);
    const id = oldId === 0 ? next : Math.max(oldId, next);
    if (oldId !== 0) newIdOf.set(oldId, id);
    next = id + 1;
    const recordedPrev = Number(event["previousEventId"] ?? 0);
    const before = index === 0 ? 0 : previousInBranch;
    let previousEventId: number;
    if (recordedPrev === -1) previousEventId = lastParallelStart;
    else if (recordedPrev === -2) previousEventId = previousInBranch;
    else if (recordedPrev === 0) previousEventId = 0;
    else previousEventId = newIdOf.get(recordedPrev) ?? (assigned.has(recordedPrev) ? recordedPrev : before);
    if (previousEventId >= id) previousEventId = before;
    if (event["type"] === "ParallelStateStarted") lastParallelStart = id;
    previousInBranch = id;
    assigned.add(id);
    return { ...event, id, previousEventId };
  });
}

const STRUCT_FIELDS = new Set(["taskCredentials"]);

function stringifyPayloads(event: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith("EventDetails") || typeof value !== "object" || value === null) {
      out[key] = value;
      continue;
    }
    const details: Record<string, unknown> = {};
    for (const [field, v] of Object.entries(value as Record<string, unknown>)) {
      if (field.endsWith("Details") || STRUCT_FIELDS.has(field) || typeof v !== "object" || v === null)
        details[field] = v;
      else if (field === "assignedVariables")
        details[field] = Object.fromEntries(
          Object.entries(v).map(([n, x]) => [n, typeof x === "string" ? x : JSON.stringify(x)]),
        );
      else details[field] = JSON.stringify(v);
    }
    out[key] = details;
  }
  return out;
}

/** Maps each state name inside a Parallel's `Branches` to its branch index (first Parallel that names it). */
function branchIndexByState(definition: unknown): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) return node.forEach(visit);
    const record = node as Record<string, unknown>;
    if (record["Type"] === "Parallel" && Array.isArray(record["Branches"])) {
      record["Branches"].forEach((branch, index) => {
        const states = (branch as { States?: Record<string, unknown> }).States ?? {};
        for (const name of Object.keys(states)) if (!out.has(name)) out.set(name, index);
      });
    }
    Object.values(record).forEach(visit);
  };
  visit(definition);
  return out;
}
