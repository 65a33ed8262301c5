// The routes bench:load puts under load.
import pg from "pg";

export interface Route {
  readonly name: string;
  readonly paths: readonly string[];
}

/** The routes under load, each cycling through a few realistic variants (filters, executions). */
export async function routes(databaseUrl: string, withDefinition: readonly string[]): Promise<Route[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // 50 ordinary executions spread over the table (not the 20,000-event giants: bench:page times those).
    const max = Number(
      (await client.query<{ max: string }>("SELECT max(id)::text AS max FROM executions")).rows[0]!.max,
    );
    const ids = Array.from({ length: 200 }, (_, k) => Math.floor(((k + 1) * max) / 201));
    const { rows } = await client.query<{ execution_arn: string }>(
      "SELECT execution_arn FROM executions WHERE id = ANY($1::bigint[]) AND event_count < 100 ORDER BY id LIMIT 50",
      [ids],
    );
    // One in ten has a stored definition and state runs, so the page and overlay also draw a graph.
    const arns = rows.map((r, i) =>
      encodeURIComponent(
        i % 10 === 9 && withDefinition.length
          ? withDefinition[Math.floor(i / 10) % withDefinition.length]!
          : r.execution_arn,
      ),
    );
    const machine = (await client.query<{ name: string }>("SELECT name FROM state_machines ORDER BY id LIMIT 1"))
      .rows[0]!.name;
    const lists = [
      "",
      "?status=FAILED&range=7d",
      `?stateMachine=${machine}&range=24h`,
      "?q=Declined&range=30d",
      "?sort=duration&range=24h",
      "?page=5&range=30d",
    ];
    return [
      { name: "GET /executions (page)", paths: lists.map((q) => `/executions${q}`) },
      { name: "GET /api/executions", paths: lists.map((q) => `/api/executions${q}`) },
      { name: "GET /executions/:arn (page)", paths: arns.map((a) => `/executions/${a}`) },
      { name: "GET /api/executions/:arn/overlay", paths: arns.map((a) => `/api/executions/${a}/overlay`) },
      { name: "GET / (Overview page)", paths: ["/", "/?range=7d", "/?range=30d"] },
      {
        name: "GET /api/analytics/overview",
        paths: ["?range=24h", "?range=7d", "?range=30d", "?range=90d"].map((q) => `/api/analytics/overview${q}`),
      },
      { name: "GET /api/metrics", paths: ["/api/metrics"] },
    ];
  } finally {
    await client.end();
  }
}
