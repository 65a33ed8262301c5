import {
  catcherSchema,
  choiceRuleSchema,
  looseMachineSchema,
  looseStateSchema,
  retrierSchema,
} from "./definition-schema";
import type { LooseMachine } from "./definition-schema";
import { describeChoiceRule } from "./describe-choice-rule";
import type { AslStateType, GraphEdge, GraphNode, GraphProblem, StateMachineGraph } from "./graph-types";

const knownTypes: ReadonlySet<string> = new Set([
  "Task",
  "Pass",
  "Choice",
  "Wait",
  "Succeed",
  "Fail",
  "Parallel",
  "Map",
]);

/** Escapes a state name for a JSON Pointer segment (RFC 6901). */
const pointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * The graph of an ASL definition (text or parsed JSON): every state by `Type`, an edge for
 * each `Next`, each `Choice` rule and its `Default`, and each `Catch`, labelled; Parallel
 * `Branches` and Map `ItemProcessor` (or the older `Iterator`) as nested containers.
 *
 * Never throws: invalid JSON or an unreadable part is reported in `problems` and whatever
 * else can be read is still drawn. Edges to unknown states are dropped with a problem.
 */
export function extractGraph(definition: string | unknown): StateMachineGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const problems: GraphProblem[] = [];
  let json: unknown = definition;
  if (typeof definition === "string") {
    try {
      json = JSON.parse(definition);
    } catch (e) {
      return {
        nodes,
        edges,
        problems: [{ path: "", message: `Not JSON: ${e instanceof Error ? e.message : String(e)}` }],
      };
    }
  }
  const top = looseMachineSchema.safeParse(json);
  if (!top.success)
    return { nodes, edges, problems: [{ path: "/States", message: "The definition has no States object." }] };
  addMachine(top.data, null, "", "", { nodes, edges, problems });
  return { nodes, edges, problems };
}

interface Sink {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  readonly problems: GraphProblem[];
}

/** Adds one `{StartAt, States}` scope; `idPrefix` makes ids unique across nested scopes. */
function addMachine(
  machine: LooseMachine,
  parentId: string | null,
  idPrefix: string,
  jsonPath: string,
  sink: Sink,
): void {
  const names = Object.keys(machine.States);
  const idOf = (name: string) => `${idPrefix}${name}`;
  if (machine.StartAt === undefined || !names.includes(machine.StartAt)) {
    sink.problems.push({
      path: `${jsonPath}/StartAt`,
      message: `StartAt ${JSON.stringify(machine.StartAt ?? null)} names no state.`,
    });
  }
  const link = (from: string, to: unknown, kind: GraphEdge["kind"], label: string, path: string, n: number) => {
    if (typeof to !== "string" || !names.includes(to)) {
      sink.problems.push({ path, message: `${JSON.stringify(to ?? null)} names no state in this scope.` });
      return;
    }
    sink.edges.push({
      id: `${idOf(from)}->${idOf(to)}#${kind}${n}`,
      source: idOf(from),
      target: idOf(to),
      kind,
      label,
      parentId,
    });
  };

  for (const name of names) {
    const path = `${jsonPath}/States/${pointer(name)}`;
    const parsed = looseStateSchema.safeParse(machine.States[name]);
    if (!parsed.success) {
      sink.problems.push({ path, message: "Not a state object." });
      continue;
    }
    const s = parsed.data;
    const type: AslStateType = s.Type !== undefined && knownTypes.has(s.Type) ? (s.Type as AslStateType) : "Unknown";
    if (type === "Unknown")
      sink.problems.push({ path: `${path}/Type`, message: `Unknown state type ${JSON.stringify(s.Type ?? null)}.` });
    const retriers = Array.isArray(s.Retry) ? s.Retry : [];
    const retryOn = retriers.flatMap((r) => retrierSchema.safeParse(r).data?.ErrorEquals ?? []);
    const id = idOf(name);
    sink.nodes.push({
      kind: "state",
      id,
      name,
      type,
      parentId,
      isStart: machine.StartAt === name,
      isEnd: s.End === true || type === "Succeed" || type === "Fail",
      resource: typeof s.Resource === "string" ? s.Resource : null,
      retryOn,
      comment: typeof s.Comment === "string" ? s.Comment : null,
    });

    if (s.Next !== undefined) link(name, s.Next, "next", "", `${path}/Next`, 0);
    if (type === "Choice") {
      const rules = Array.isArray(s.Choices) ? s.Choices : [];
      rules.forEach((rule, i) => {
        const next = choiceRuleSchema.safeParse(rule).data?.Next;
        link(name, next, "choice", `Rule ${i + 1}: ${describeChoiceRule(rule)}`, `${path}/Choices/${i}/Next`, i);
      });
      if (s.Default !== undefined) link(name, s.Default, "default", "Default", `${path}/Default`, 0);
    }
    const catchers = Array.isArray(s.Catch) ? s.Catch : [];
    catchers.forEach((c, i) => {
      const catcher = catcherSchema.safeParse(c).data;
      link(
        name,
        catcher?.Next,
        "catch",
        `Catch ${(catcher?.ErrorEquals ?? ["?"]).join(", ")}`,
        `${path}/Catch/${i}/Next`,
        i,
      );
    });

    if (type === "Parallel") {
      const branches = Array.isArray(s.Branches) ? s.Branches : [];
      branches.forEach((branch, i) =>
        addContainer(branch, "parallel-branch", id, i, `Branch ${i + 1}`, parentId, `${path}/Branches/${i}`, sink),
      );
    }
    if (type === "Map") {
      const processor = s.ItemProcessor ?? s.Iterator;
      const key = s.ItemProcessor !== undefined ? "ItemProcessor" : "Iterator";
      if (processor === undefined)
        sink.problems.push({ path: `${path}/ItemProcessor`, message: "A Map state without an ItemProcessor." });
      else addContainer(processor, "map-processor", id, 0, "Item processor", parentId, `${path}/${key}`, sink);
    }
  }
}

function addContainer(
  body: unknown,
  containerType: "parallel-branch" | "map-processor",
  ownerId: string,
  index: number,
  label: string,
  parentId: string | null,
  jsonPath: string,
  sink: Sink,
): void {
  const parsed = looseMachineSchema.safeParse(body);
  if (!parsed.success) {
    sink.problems.push({ path: `${jsonPath}/States`, message: "No States object." });
    return;
  }
  const id = containerType === "map-processor" ? `${ownerId}/items` : `${ownerId}/${index}`;
  sink.nodes.push({ kind: "container", id, containerType, ownerId, index, label, parentId });
  addMachine(parsed.data, id, `${id}/`, jsonPath, sink);
}
