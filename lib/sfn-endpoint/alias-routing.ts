import type { SfnRoute } from "@/lib/store/sfn-endpoint-alias-rows";
import { sfnEndpointRows } from "@/lib/store/sfn-endpoint-rows";
import type { EndpointContext } from "./endpoint-context";
import { parseStateMachineArn } from "./sfn-arns";
import { SfnError, validationError } from "./sfn-error";

const listed = (arns: readonly string[]): string => `[${arns.join(", ")}]`;

/**
 * An alias's `routingConfiguration` as AWS checks it: one or two distinct published versions of
 * one state machine, integer weights 0–100 summing to 100. Answers the routes and the state
 * machine's ARN. The refusals are worded as AWS words them.
 */
export async function routingOrThrow(
  ctx: EndpointContext,
  value: unknown,
): Promise<{ routes: SfnRoute[]; stateMachineArn: string }> {
  if (value === undefined || value === null) throw validationError("routingConfiguration", "Member must not be null");
  if (!Array.isArray(value))
    throw new SfnError("SerializationException", "routingConfiguration must be a list of RoutingConfigurationListItem");
  const routes = value.map((item: unknown, i): SfnRoute => {
    const fields = typeof item === "object" && item !== null ? (item as Record<string, unknown>) : {};
    const arn = fields["stateMachineVersionArn"];
    const weight = fields["weight"];
    if (typeof arn !== "string")
      throw validationError(`routingConfiguration.${i + 1}.member.stateMachineVersionArn`, "Member must not be null");
    if (typeof weight !== "number" || !Number.isInteger(weight))
      throw validationError(`routingConfiguration.${i + 1}.member.weight`, "Member must not be null");
    return { stateMachineVersionArn: arn, weight };
  });
  if (routes.length < 1 || routes.length > 2) {
    const shown = routes.map(
      (r) => `RoutingConfigurationListItem(stateMachineVersionArn=${r.stateMachineVersionArn}, weight=${r.weight})`,
    );
    throw validationError(
      "routingConfiguration",
      routes.length < 1
        ? "Member must have length greater than or equal to 1"
        : "Member must have length less than or equal to 2",
      listed(shown),
    );
  }
  const arns = routes.map((r) => r.stateMachineVersionArn);
  if (new Set(arns).size < arns.length)
    throw new SfnError(
      "ValidationException",
      `Routing configuration must contain distinct state machine version ARNs. Received: ${listed(arns)}`,
    );
  for (const [i, { weight }] of routes.entries()) {
    if (weight < 0)
      throw new SfnError(
        "ValidationException",
        `Invalid value for parameter routingConfiguration[${i + 1}].weight, value: ${weight}, valid min value: 0`,
      );
    if (weight > 100)
      throw validationError(
        `routingConfiguration.${i + 1}.member.weight`,
        "Member must have value less than or equal to 100",
        weight,
      );
  }
  if (routes.reduce((sum, r) => sum + r.weight, 0) !== 100)
    throw new SfnError(
      "ValidationException",
      `Sum of routing configuration weights must equal 100. Received: ${listed(routes.map((r) => String(r.weight)))}`,
    );
  const refs = arns.map((arn) => {
    try {
      return parseStateMachineArn(arn);
    } catch {
      return null;
    }
  });
  if (refs.some((ref) => ref?.versionArn === undefined))
    throw new SfnError(
      "ValidationException",
      `Routing configuration must contain state machine version ARNs. Received: ${listed(arns)}`,
    );
  const stateMachineArn = refs[0]!.arn;
  if (refs.some((ref) => ref!.arn !== stateMachineArn))
    throw new SfnError(
      "ValidationException",
      `Routing configuration must contain versions of one state machine. Received: ${listed(arns)}`,
    );
  for (const arn of arns)
    if ((await sfnEndpointRows.getStateMachine(ctx.db.prisma, arn)) === null)
      throw new SfnError("ResourceNotFound", `Resource not found: '${arn}'`);
  return { routes, stateMachineArn };
}

/**
 * The version an alias runs a new execution with: each route is chosen with the probability of
 * its weight (AWS: "Step Functions randomly chooses which version runs a given execution based on
 * the percentage you specify"), so a weight of 100 always and a weight of 0 never. `random` is in [0, 1).
 */
export function chooseRoute(routes: readonly SfnRoute[], random: () => number): string {
  const point = random() * 100;
  let upTo = 0;
  for (const route of routes) {
    upTo += route.weight;
    if (point < upTo) return route.stateMachineVersionArn;
  }
  // Only reached when rounding leaves `point` at the top: the last route with a weight.
  return [...routes].reverse().find((r) => r.weight > 0)!.stateMachineVersionArn;
}
