// The operator's local runs that bench:load starts during the load.
import { LOOP_DEFINITION } from "./definitions";

export interface LocalRunStats {
  runs: number;
  statuses: Map<string, number>;
  ms: number[];
}

/** One local run of the looping definition as the operator: how long the request took and what it answered. */
export async function localRunOnce(
  base: string,
  cookie: string,
  definition = LOOP_DEFINITION,
  stateMachineName = "bench-load-loop",
): Promise<{ ms: number; outcome: string; executionArn: string | null }> {
  const t = performance.now();
  const res = await fetch(`${base}/api/local-runs`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: base },
    body: JSON.stringify({ definition, input: "{}", stateMachineName }),
  }).catch((e: unknown) => ({ status: 0, text: async () => String(e) }));
  const text = await res.text();
  const body = res.status === 200 ? (JSON.parse(text) as { status?: string; executionArn?: string }) : null;
  const outcome = body ? `200 ${body.status ?? ""}`.trim() : `${res.status} ${text.slice(0, 120)}`;
  return { ms: performance.now() - t, outcome, executionArn: body?.executionArn ?? null };
}

/** An operator starting the looping definition again as soon as the last one answered, until `signal`. */
export async function runLocalRunsUntil(base: string, cookie: string, signal: AbortSignal): Promise<LocalRunStats> {
  const stats: LocalRunStats = { runs: 0, statuses: new Map(), ms: [] };
  while (!signal.aborted) {
    const { ms, outcome } = await localRunOnce(base, cookie);
    stats.ms.push(ms);
    stats.runs++;
    stats.statuses.set(outcome, (stats.statuses.get(outcome) ?? 0) + 1);
  }
  return stats;
}
