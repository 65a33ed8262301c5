/**
 * Partitioned against flat tables: the executions list (`bench:queries`'s filter sets) and a state
 * machine page's per-state figures, with main 887374b's code (`baseline/query-language` for the list, `baseline/partitions` for the state figures; before the
 * reads were joined on the partition key) and today's, on two databases holding the same corpus:
 * one partitioned by month, one migrated with every migration but 20261205100000_executions_by_month
 * (today's state figures need the partitioned state runs' start date: on the flat copy both sides
 * run the baseline's). Every call alternates over the four sides; p50 / p95 per case and per API.
 *
 *   BENCH_DATABASE_URL=<server> npx tsx bench/queries/partitions.ts <partitioned database> <flat database> [rounds]
 */
import { loadavg } from "node:os";
import { connectDatabase, type Database } from "../../lib/db/database";
import { parseExecutionListParams } from "../../lib/queries/execution-list-params";
import { listExecutions } from "../../lib/queries/list-executions";
import { getStateFigures } from "../../lib/queries/get-state-figures";
import { listExecutions as listMain } from "./baseline/query-language/list-executions";
import { getStateFigures as statesMain } from "./baseline/partitions/get-state-figures";
import { listFilterSets, TOP_SIGNATURE_SQL } from "./list-cases";

const [partName, flatName, iterArg] = process.argv.slice(2);
const iterations = Number(iterArg ?? 20);
const pct = (s: number[], q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
async function main() {
  const server = process.env["BENCH_DATABASE_URL"]!;
  const open = (name: string) => {
    const u = new URL(server);
    u.pathname = `/${name}`;
    return connectDatabase(u.toString(), { max: 4 });
  };
  const part = open(partName!);
  const flat = open(flatName!);
  const at = (await part.pool.query<{ at: Date }>("SELECT max(start_date) + interval '1 second' AS at FROM executions"))
    .rows[0]!.at;
  const top = (await part.pool.query<{ signature: string }>(TOP_SIGNATURE_SQL)).rows[0]?.signature ?? null;
  const machine = (
    await part.pool.query(
      "SELECT id, type::text AS type, region FROM state_machines WHERE name = 'orders-1' ORDER BY id LIMIT 1",
    )
  ).rows[0];
  const sides = {
    "part main": { db: part, list: listMain, states: statesMain },
    "part now": { db: part, list: listExecutions, states: getStateFigures },
    "flat main": { db: flat, list: listMain, states: statesMain },
    "flat now": { db: flat, list: listExecutions, states: statesMain }, // flat state_runs have no start_date
  } as const;
  type Side = keyof typeof sides;
  const cases: { name: string; run: (s: (typeof sides)[Side]) => Promise<unknown> }[] = [
    ...listFilterSets(top).map((f) => ({
      name: `executions ${new URLSearchParams(f).toString() || "(none)"}`,
      run: (s: (typeof sides)[Side]) => s.list(s.db.prisma, parseExecutionListParams(f), at),
    })),
    ...(["24h", "7d", "30d", "90d", "all"] as const).map((range) => ({
      name: `states range=${range}`,
      run: (s: (typeof sides)[Side]) => s.states(s.db as Database, machine, { range, includeLocal: false }, at),
    })),
  ];
  const names = Object.keys(sides) as Side[];
  const times = new Map(
    cases.map((c) => [c, Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Side, number[]>]),
  );
  const loads: number[] = [];
  for (let i = -1; i < iterations; i++) {
    loads.push(loadavg()[0]!);
    for (const c of cases) {
      const order = i % 2 === 0 ? names : [...names].reverse();
      for (const n of order) {
        const t = performance.now();
        JSON.stringify(await c.run(sides[n]), (_k, x) => (typeof x === "bigint" ? x.toString() : x));
        if (i >= 0) times.get(c)![n].push(performance.now() - t);
      }
    }
  }
  console.log(
    `${iterations} rounds, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; p50 / p95 ms`,
  );
  console.log(`| case | ${names.join(" | ")} |`);
  const byApi = new Map<string, Record<Side, number[]>>();
  for (const c of cases) {
    const t = times.get(c)!;
    const api = c.name.split(" ")[0]!;
    const acc = byApi.get(api) ?? (Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Side, number[]>);
    for (const n of names) acc[n].push(...t[n]);
    byApi.set(api, acc);
    console.log(
      `| ${c.name} | ${names
        .map((n) => {
          const s = [...t[n]].sort((a, b) => a - b);
          return `${pct(s, 0.5).toFixed(1)} / ${pct(s, 0.95).toFixed(1)}`;
        })
        .join(" | ")} |`,
    );
  }
  for (const [api, t] of byApi)
    console.log(
      `| ${api} (all) | ${names
        .map((n) => {
          const s = [...t[n]].sort((a, b) => a - b);
          return `${pct(s, 0.5).toFixed(1)} / ${pct(s, 0.95).toFixed(1)}`;
        })
        .join(" | ")} |`,
    );
  for (const d of [part, flat]) {
    await d.prisma.$disconnect();
    await d.pool.end();
  }
}
void main();
