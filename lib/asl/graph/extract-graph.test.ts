import { describe, expect, it } from "vitest";
import { extractGraph } from "./extract-graph";

const definition = {
  StartAt: "Route",
  States: {
    Route: {
      Type: "Choice",
      Choices: [
        { Variable: "$.kind", StringEquals: "card", Next: "Charge" },
        {
          And: [
            { Variable: "$.n", NumericGreaterThan: 3 },
            { Variable: "$.ok", BooleanEquals: true },
          ],
          Next: "Fan",
        },
      ],
      Default: "Reject",
    },
    Charge: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Retry: [{ ErrorEquals: ["States.Timeout", "Lambda.ServiceException"] }],
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Reject" }],
      Next: "Done",
    },
    Fan: {
      Type: "Parallel",
      Branches: [
        { StartAt: "A", States: { A: { Type: "Pass", End: true } } },
        {
          StartAt: "B",
          States: {
            B: {
              Type: "Map",
              ItemProcessor: { StartAt: "Item", States: { Item: { Type: "Task", Resource: "x", End: true } } },
              End: true,
            },
          },
        },
      ],
      Next: "Done",
    },
    Reject: { Type: "Fail", Error: "Rejected" },
    Done: { Type: "Succeed" },
  },
};

describe("extractGraph", () => {
  it("draws every state by type with its start and end", () => {
    const g = extractGraph(JSON.stringify(definition));
    const top = g.nodes.filter((n) => n.kind === "state" && n.parentId === null);
    expect(top.map((n) => n.kind === "state" && [n.name, n.type, n.isStart, n.isEnd])).toEqual([
      ["Route", "Choice", true, false],
      ["Charge", "Task", false, false],
      ["Fan", "Parallel", false, false],
      ["Reject", "Fail", false, true],
      ["Done", "Succeed", false, true],
    ]);
    expect(g.problems).toEqual([]);
  });

  it("labels each Choice rule, the Default and each Catch", () => {
    const g = extractGraph(definition);
    const from = (id: string) => g.edges.filter((e) => e.source === id).map((e) => [e.kind, e.target, e.label]);
    expect(from("Route")).toEqual([
      ["choice", "Charge", 'Rule 1: $.kind == "card"'],
      ["choice", "Fan", "Rule 2: $.n > 3 && $.ok == true"],
      ["default", "Reject", "Default"],
    ]);
    expect(from("Charge")).toEqual([
      ["next", "Done", ""],
      ["catch", "Reject", "Catch States.ALL"],
    ]);
  });

  it("nests Parallel branches and Map processors with path ids", () => {
    const g = extractGraph(definition);
    const containers = g.nodes.filter((n) => n.kind === "container").map((n) => [n.id, n.containerType, n.parentId]);
    expect(containers).toEqual([
      ["Fan/0", "parallel-branch", null],
      ["Fan/1", "parallel-branch", null],
      ["Fan/1/B/items", "map-processor", "Fan/1"],
    ]);
    const item = g.nodes.find((n) => n.id === "Fan/1/B/items/Item");
    expect(item).toMatchObject({ kind: "state", type: "Task", parentId: "Fan/1/B/items", isStart: true });
  });

  it("records a Retry's error names on the state", () => {
    const charge = extractGraph(definition).nodes.find((n) => n.id === "Charge");
    expect(charge).toMatchObject({
      retryOn: ["States.Timeout", "Lambda.ServiceException"],
      resource: "arn:aws:states:::lambda:invoke",
    });
  });

  it("reads a JSONata Condition as written and the legacy Map Iterator", () => {
    const g = extractGraph({
      QueryLanguage: "JSONata",
      StartAt: "C",
      States: {
        C: { Type: "Choice", Choices: [{ Condition: "{% $states.input.n > 1 %}", Next: "M" }], Default: "M" },
        M: { Type: "Map", Iterator: { StartAt: "I", States: { I: { Type: "Pass", End: true } } }, End: true },
      },
    });
    expect(g.edges[0]?.label).toBe("Rule 1: $states.input.n > 1");
    expect(g.nodes.map((n) => n.id)).toEqual(["C", "M", "M/items", "M/items/I"]);
  });

  it("draws what it can of an invalid definition and says where the faults are", () => {
    const g = extractGraph({ StartAt: "Nope", States: { A: { Type: "Teleport", Next: "Missing" }, B: 3 } });
    expect(g.nodes.map((n) => n.id)).toEqual(["A"]);
    expect(g.problems.map((p) => p.path)).toEqual(["/StartAt", "/States/A/Type", "/States/A/Next", "/States/B"]);
  });

  it("refuses text that is not JSON without throwing", () => {
    expect(extractGraph("{nope").problems[0]?.message).toMatch(/^Not JSON/);
    expect(extractGraph({ States: [] }).problems).toHaveLength(1);
  });
});

describe("findStateDefinition", () => {
  it("finds a nested state by its graph id", async () => {
    const { findStateDefinition } = await import("./find-state-definition");
    expect(findStateDefinition(JSON.stringify(definition), "Fan/1/B/items/Item")).toEqual({
      Type: "Task",
      Resource: "x",
      End: true,
    });
    expect(findStateDefinition(definition, "Charge")?.["Resource"]).toBe("arn:aws:states:::lambda:invoke");
    expect(findStateDefinition(definition, "Fan/7/A")).toBeNull();
  });
});
