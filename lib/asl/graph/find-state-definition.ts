const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The state object a graph node id (see `extractGraph`: `Fan/0/A`, `Items/items/Work`)
 * points at inside a definition, or null. Ids are read greedily, so a state name holding a
 * `/` is still found when it does not shadow a branch index.
 */
export function findStateDefinition(definition: string | unknown, nodeId: string): Record<string, unknown> | null {
  let json: unknown = definition;
  if (typeof definition === "string") {
    try {
      json = JSON.parse(definition);
    } catch {
      return null;
    }
  }
  return walk(json, nodeId.split("/"));
}

function walk(machine: unknown, parts: readonly string[]): Record<string, unknown> | null {
  if (!isRecord(machine) || !isRecord(machine["States"])) return null;
  const states = machine["States"];
  for (let take = parts.length; take >= 1; take--) {
    const name = parts.slice(0, take).join("/");
    const state = states[name];
    if (!isRecord(state)) continue;
    const rest = parts.slice(take);
    if (rest.length === 0) return state;
    const [container, ...inner] = rest;
    if (container === "items") {
      const found = walk(state["ItemProcessor"] ?? state["Iterator"], inner);
      if (found) return found;
    } else if (container !== undefined && /^\d+$/.test(container) && Array.isArray(state["Branches"])) {
      const found = walk(state["Branches"][Number(container)], inner);
      if (found) return found;
    }
  }
  return null;
}
