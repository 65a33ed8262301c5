import { beforeAll, describe, expect, it } from "vitest";
import { routeRequest, useDeclinedCheckout, type RouteHandler } from "./route-test-setup";

// The Graph tab's two small reads: what they answer, and what they say about a bad query.

type Handler = RouteHandler<{ arn: string }>;
const fixture = useDeclinedCheckout();
let arn = "";
let overlayGet: Handler;
let nodeRunsGet: Handler;

beforeAll(async () => {
  arn = fixture.arn;
  overlayGet = ((await import("@/app/api/executions/[arn]/overlay/route")) as { GET: Handler }).GET;
  nodeRunsGet = ((await import("@/app/api/executions/[arn]/node-runs/route")) as { GET: Handler }).GET;
});

const get = (handler: Handler, executionArn: string, query: string) =>
  handler(routeRequest(`/api/executions/${encodeURIComponent(executionArn)}/x${query}`), {
    params: Promise.resolve({ arn: encodeURIComponent(executionArn) }),
  });

describe("GET /api/executions/:arn/overlay", () => {
  it("answers each state's status with its retries and the path taken", async () => {
    const res = await get(overlayGet, arn, "");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { nodes: [string, { status: string; retries: number }][]; takenEdges: string[] };
    expect(Object.fromEntries(body.nodes)["ChargeCard"]).toMatchObject({ status: "failed", retries: 2 });
    expect(body.takenEdges.length).toBeGreaterThan(0);
  });

  it("refuses an iteration choice without its index with 422, naming the parameter and the expected shape", async () => {
    const res = await get(overlayGet, arn, "?iteration=ProcessImages");
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).toContain("/iteration/0");
    expect(text).toContain("<iteration index>:<Map state id>");
  });

  it("is 404 for an execution that is not stored", async () => {
    expect((await get(overlayGet, "arn:aws:states:us-east-1:123456789012:execution:nope:nope", "")).status).toBe(404);
  });
});

describe("GET /api/executions/:arn/node-runs", () => {
  it("answers the run keys of one state", async () => {
    const res = await get(nodeRunsGet, arn, "?node=ChargeCard");
    expect(res.status).toBe(200);
    const { runKeys } = (await res.json()) as { runKeys: string[] };
    expect(runKeys).toHaveLength(1);
  });

  it("refuses a request without the node with 422 naming it", async () => {
    const res = await get(nodeRunsGet, arn, "");
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("/node: the query parameter node");
  });
});
