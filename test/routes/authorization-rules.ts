import type { Call, RouteRule } from "./authorization-world";
import { definition, history, world } from "./authorization-world";

// Every API route with the least role that may call it, and what a strong enough identity gets.

export const rules: Record<string, RouteRule> = {
  "POST /api/import": { role: "operator", call: () => ({ body: history }), allowed: 200 },
  "POST /api/local-runs": {
    role: "operator",
    call: () => ({ body: { definition: definition({ A: { Type: "Pass", End: true } }) } }),
    allowed: 200,
  },
  "POST /api/local-runs/validate": {
    role: "viewer",
    call: () => ({ body: { definition: definition({ A: { Type: "Pass", End: true } }) } }),
    allowed: 200,
  },
  "POST /api/sources": {
    role: "admin",
    call: (who) => ({
      body: { name: `aws-${who}`, region: "us-east-1", endpoint: "http://127.0.0.1:9", settings: {} },
    }),
    allowed: 200,
  },
  "PATCH /api/sources/[id]": {
    role: "admin",
    call: () => ({
      params: { id: String(world.sourceId) },
      body: { endpoint: "http://127.0.0.1:9", settings: { pollIntervalSeconds: 600 } },
    }),
    allowed: 200,
  },
  "DELETE /api/sources/[id]": {
    role: "admin",
    // Each allowed identity removes a source of its own (made in beforeAll).
    call: (who) => ({ params: { id: String(world.removableSourceIds.get(who) ?? 0) } }),
    allowed: 200,
  },
  "PUT /api/retention": {
    role: "admin",
    call: () => ({ body: { default: { executionDays: null, rollupDays: null }, sources: {} } }),
    allowed: 200,
  },
  "POST /api/sources/[id]/sync": {
    role: "operator",
    call: () => ({ params: { id: String(world.sourceId) } }),
    allowed: 200,
  },
  "DELETE /api/sources/demo": { role: "admin", call: () => ({}), allowed: 200 },
  "POST /api/users": {
    role: "admin",
    call: (who) => ({ body: { username: `new-${who}`, password: "a long password", role: "viewer" } }),
    allowed: 200,
  },
  "PATCH /api/users/[id]": {
    role: "admin",
    call: () => ({ params: { id: world.viewerId }, body: { role: "viewer" } }),
    allowed: 200,
  },
  "POST /api/executions/[arn]/replay": {
    role: "operator",
    call: () => ({ params: { arn: world.failedLocalArn }, body: { mode: "local" } }),
    allowed: 200,
  },
  "POST /api/state-machines/[arn]/test": {
    role: "operator",
    call: () => ({
      // The uploaded execution's state machine: its newest recorded execution replayed against a one-state definition.
      params: { arn: encodeURIComponent(world.uploadedArn.replace(/:execution:([^:]+):[^:]+$/, ":stateMachine:$1")) },
      body: {
        definition: definition({ A: { Type: "Pass", End: true } }),
        selection: { kind: "last", count: 1 },
      },
    }),
    allowed: 200,
  },
  "POST /api/executions/[arn]/redrive": {
    role: "operator",
    call: () => ({ params: { arn: world.failedLocalArn }, body: {} }),
    allowed: 200,
  },
  "POST /api/bulk-actions": {
    role: "operator",
    call: () => ({ body: { action: "redrive", filters: "status=FAILED", dryRun: true } }),
    allowed: 200,
  },
  "POST /api/saved-views": {
    role: "operator",
    call: (who) => ({ body: { name: `failed-${who}`, query: 'status = "FAILED"' } }),
    allowed: 200,
  },
  // No saved view has this id: past authorization the route says so.
  "DELETE /api/saved-views/[id]": { role: "operator", call: () => ({ params: { id: "999999" } }), allowed: 404 },
  // Alerts: admins edit rules and evaluate on demand; operators mute rules and acknowledge incidents.
  // No rule or incident has id 999999, and an empty rule is refused: past authorization the route says so.
  "POST /api/alerts/evaluate": { role: "admin", call: () => ({ body: {} }), allowed: 200 },
  "POST /api/alerts/rules": { role: "admin", call: () => ({ body: {} }), allowed: 422 },
  "PUT /api/alerts/rules/[id]": { role: "admin", call: () => ({ params: { id: "999999" }, body: {} }), allowed: 422 },
  "DELETE /api/alerts/rules/[id]": { role: "admin", call: () => ({ params: { id: "999999" } }), allowed: 404 },
  // A test send to a rule's channels: admins (it reaches real people). No rule 999999: past authorization, 404.
  "POST /api/alerts/rules/[id]/test": {
    role: "admin",
    call: () => ({ params: { id: "999999" }, body: {} }),
    allowed: 404,
  },
  "POST /api/alerts/rules/[id]/mute": {
    role: "operator",
    call: () => ({ params: { id: "999999" }, body: { minutes: 60 } }),
    allowed: 404,
  },
  // The route answers 409 for an incident it cannot acknowledge (unknown, or acknowledged already).
  "POST /api/alerts/incidents/[id]/acknowledge": {
    role: "operator",
    call: () => ({ params: { id: "999999" }, body: {} }),
    allowed: 409,
  },
  // Past authorization the route refuses: the execution is not a running AWS one.
  "POST /api/executions/[arn]/stop": {
    role: "operator",
    call: () => ({ params: { arn: world.uploadedArn }, body: {} }),
    allowed: 409,
  },
};
/** Anyone may call these: they are how one signs in. */
export const publicRoutes = new Set(["POST /api/auth/login", "POST /api/auth/logout", "POST /api/auth/setup"]);

const arnCall =
  (extra: Record<string, string> = {}) =>
  (): Call => ({ params: { arn: world.uploadedArn, ...extra } });
/** Reads: viewer unless the rule says otherwise; `allowed` is what a strong enough identity gets. */
export const getRules: Record<string, RouteRule> = {
  "GET /api/analytics/backfill": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/analytics/costs": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/analytics/failures": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/analytics/overview": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/audit": { role: "operator", call: () => ({}), allowed: 200 },
  // No bulk action has this id: past authorization the route says so.
  "GET /api/bulk-actions/[id]": { role: "viewer", call: () => ({ params: { id: "999999" } }), allowed: 404 },
  "GET /api/executions": { role: "viewer", call: () => ({}), allowed: 200 },
  // The list's CSV export (no format: CSV), as the list itself: viewers.
  "GET /api/executions/export": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/executions/[arn]": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/actions": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/comparable": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/definition": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/events": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/events/[id]": { role: "viewer", call: arnCall({ id: "1" }), allowed: 200 },
  "GET /api/executions/[arn]/history": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/map-runs": { role: "viewer", call: arnCall(), allowed: 200 },
  // Past authorization the route asks for its `node` query parameter.
  "GET /api/executions/[arn]/node-runs": { role: "viewer", call: arnCall(), allowed: 422 },
  "GET /api/executions/[arn]/overlay": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/runs": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/executions/[arn]/runs/[key]": { role: "viewer", call: arnCall({ key: "no-such-run" }), allowed: 404 },
  "GET /api/executions/[arn]/view": { role: "viewer", call: arnCall(), allowed: 200 },
  "GET /api/metrics": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/saved-views": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/alerts": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/retention": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/sources": { role: "viewer", call: () => ({}), allowed: 200 },
  "GET /api/users": { role: "admin", call: () => ({}), allowed: 200 },
};
/** Anyone may read these: the load balancer's probe, and who one is (the sign-in form asks). */
export const publicGetRoutes = new Set(["GET /api/health", "GET /api/auth/me"]);
