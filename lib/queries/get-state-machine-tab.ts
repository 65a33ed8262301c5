import type { Database } from "@/lib/db/database";
import type { GraphLayout } from "@/lib/execution-view/layout-graph";
import { cachedDefinitionLayout } from "@/lib/execution-view/layout-cache";
import { parseExecutionListParams } from "./execution-list-params";
import type { ExecutionListPage } from "./execution-list-types";
import { getStateFigures, type StateFiguresResult } from "./get-state-figures";
import { getStateMachineActivity, type StateMachineActivity } from "./get-state-machine-activity";
import type { StateMachineSummary } from "./get-state-machine-by-arn";
import { listExecutions } from "./list-executions";
import type { StateMachinePageParams } from "./state-machine-page-params";

/** A stored definition with its graph laid out. */
export interface DefinitionWithLayout {
  readonly id: number;
  readonly definition: string;
  readonly layout: GraphLayout | null;
}

/** What one tab of a state machine's page shows. */
export type StateMachineTabData =
  | { readonly tab: "definition"; readonly definition: DefinitionWithLayout | null }
  | {
      readonly tab: "versions";
      readonly from: { readonly id: number; readonly definition: string } | null;
      readonly to: { readonly id: number; readonly definition: string } | null;
    }
  | { readonly tab: "executions"; readonly page: ExecutionListPage }
  | { readonly tab: "states"; readonly figures: StateFiguresResult }
  | { readonly tab: "failures" | "trend"; readonly activity: StateMachineActivity }
  | {
      readonly tab: "test";
      /** The newest stored definition, pretty-printed, to edit; null when none is stored. */
      readonly definition: string | null;
      /** The range's failure groups (production executions only), to pick executions from. */
      readonly groups: readonly { readonly signature: string; readonly label: string; readonly count: number }[];
    };

async function readDefinition(
  db: Pick<Database, "pool">,
  machineId: number,
  id: number,
): Promise<{ id: number; hash: string; definition: string } | null> {
  const { rows } = await db.pool.query<{ id: number; hash: string; definition: string }>(
    "SELECT id, hash, definition FROM state_machine_definitions WHERE state_machine_id = $1 AND id = $2",
    [machineId, id],
  );
  return rows[0] ?? null;
}

/**
 * The data of the tab `p.tab` of a state machine's page, read for that tab only. The Versions
 * tab compares `from` with `to` (by default the second newest with the newest definition); an id
 * that is not one of this machine's definitions reads as none.
 */
export async function getStateMachineTab(
  db: Database,
  machine: StateMachineSummary,
  p: StateMachinePageParams,
  now = new Date(),
): Promise<StateMachineTabData> {
  const opts = { range: p.range, includeLocal: p.local === "include" };
  switch (p.tab) {
    case "definition": {
      const newest = machine.definitions[0];
      const d = newest ? await readDefinition(db, machine.id, p.to ?? newest.id) : null;
      return {
        tab: "definition",
        definition: d
          ? { id: d.id, definition: d.definition, layout: await cachedDefinitionLayout(d.hash, d.definition) }
          : null,
      };
    }
    case "versions": {
      const [newest, previous] = machine.definitions;
      const fromId = p.from ?? previous?.id;
      const toId = p.to ?? newest?.id;
      const [from, to] = await Promise.all([
        fromId === undefined ? null : readDefinition(db, machine.id, fromId),
        toId === undefined ? null : readDefinition(db, machine.id, toId),
      ]);
      return { tab: "versions", from, to };
    }
    case "executions": {
      // The executions list's own read, filtered by this machine's ARN (never its name alone).
      const params = parseExecutionListParams({ stateMachine: machine.arn, range: p.range, pageSize: "50" });
      return { tab: "executions", page: await listExecutions(db.prisma, params, now) };
    }
    case "states":
      return { tab: "states", figures: await getStateFigures(db, machine, opts, now) };
    case "failures":
    case "trend":
      return { tab: p.tab, activity: await getStateMachineActivity(db, machine, opts, now) };
    case "test": {
      const newest = machine.definitions[0];
      const [d, activity] = await Promise.all([
        newest ? readDefinition(db, machine.id, newest.id) : null,
        getStateMachineActivity(db, machine, { range: p.range, includeLocal: false }, now),
      ]);
      return {
        tab: "test",
        definition: d === null ? null : prettyJson(d.definition),
        groups: activity.groups.map((g) => ({
          signature: g.signature,
          label: [g.error ?? "no error name", g.rootCauseState === null ? null : `at ${g.rootCauseState}`]
            .filter(Boolean)
            .join(" "),
          count: g.count,
        })),
      };
    }
    default: {
      const never: never = p.tab;
      throw new Error(`unknown tab ${String(never)}`);
    }
  }
}

/** A definition as its JSON pretty-printed (two spaces), or as stored when it is not JSON. */
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
