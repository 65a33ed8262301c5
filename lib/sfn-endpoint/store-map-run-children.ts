import type { MapRunChild } from "@/lib/asl/states/map-run-children";
import type { Database } from "@/lib/db/database";
import { deriveHistory } from "@/lib/history/derive-history";
import { parseHistoryFile } from "@/lib/history/parse-history-file";
import { linkMapRunChildren } from "@/lib/store/link-parent-execution";
import { storeExecutions } from "@/lib/store/store-execution";
import { endpointSource } from "./store-endpoint-history";

/** The state machine a Map Run's children ran: `…:stateMachine:<machine>/<label>` (AWS lists them so). */
export function mapRunStateMachineArn(mapRunArn: string): string {
  return mapRunArn.replace(":mapRun:", ":stateMachine:").replace(/:[^:]*$/, "");
}

function detail(child: MapRunChild, type: string, member: string): string | undefined {
  const event = child.events.find((e) => e.type === type);
  const details = event?.[`${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`] as
    Record<string, unknown> | undefined;
  const value = details?.[member];
  return typeof value === "string" ? value : undefined;
}

/**
 * Stores a Map Run's child executions with their histories, as the dashboard keeps AWS's (each
 * names its Map Run and is linked to the parent execution): what `ListExecutions(mapRunArn)`
 * lists once the parent has ended, and what the dashboard shows under the parent.
 */
export async function storeMapRunChildren(
  db: Pick<Database, "pool">,
  parentExecutionArn: string,
  mapRunArn: string,
  children: readonly MapRunChild[],
): Promise<void> {
  const stateMachineArn = mapRunStateMachineArn(mapRunArn);
  const items = children.map((child) => {
    const output = detail(child, "ExecutionSucceeded", "output");
    const bundle = {
      execution: {
        executionArn: child.executionArn,
        stateMachineArn,
        name: child.name,
        status: child.status,
        startDate: child.events[0]?.timestamp,
        stopDate: child.events.at(-1)?.timestamp,
        input: detail(child, "ExecutionStarted", "input") ?? "{}",
        ...(output === undefined ? {} : { output }),
        ...(child.error === undefined ? {} : { error: child.error }),
        ...(child.cause === undefined ? {} : { cause: child.cause }),
        mapRunArn,
      },
      events: child.events,
    };
    const [parsed] = parseHistoryFile(JSON.stringify(bundle), { fileName: `${child.name}.json` });
    if (parsed === undefined) throw new Error(`Map Run child ${child.executionArn}: the history did not parse`);
    return { parsed, derived: deriveHistory(parsed.events, parsed.identity), source: endpointSource };
  });
  // A hundred to a transaction: a large Map Run's children do not hold one transaction long.
  for (let at = 0; at < items.length; at += 100) await storeExecutions(db, items.slice(at, at + 100));
  await linkMapRunChildren(db, mapRunArn, parentExecutionArn);
}
