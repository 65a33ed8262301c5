import { describe, expect, it } from "vitest";
import { extractGraph } from "@/lib/asl/graph";
import { layoutGraph } from "./layout-graph";

const def = {
  StartAt: "Fan",
  States: {
    Fan: {
      Type: "Parallel",
      Branches: [
        { StartAt: "A", States: { A: { Type: "Pass", Next: "A2" }, A2: { Type: "Pass", End: true } } },
        { StartAt: "B", States: { B: { Type: "Pass", End: true } } },
      ],
      Catch: [{ ErrorEquals: ["States.ALL"], Next: "Oops" }],
      Next: "Done",
    },
    Oops: { Type: "Fail" },
    Done: { Type: "Succeed" },
  },
};

describe("layoutGraph", () => {
  it("nests branch states inside their Parallel and routes every edge", async () => {
    const layout = await layoutGraph(extractGraph(def));
    const fan = layout.nodes.find((n) => n.id === "Fan");
    const a = layout.nodes.find((n) => n.id === "Fan/0/A");
    expect(fan?.role).toBe("group");
    expect(a?.parentId).toBe("Fan/0");
    if (!fan || !a) throw new Error("missing");
    expect(a.absX).toBeGreaterThanOrEqual(fan.absX);
    expect(a.absY + a.height).toBeLessThanOrEqual(fan.absY + fan.height);
    expect(layout.edges.map((e) => e.id).sort()).toHaveLength(3);
    const inner = layout.edges.find((e) => e.source === "Fan/0/A");
    // Routes are absolute: the inner edge starts at A's bottom.
    expect(inner?.points[0]?.y).toBeCloseTo(a.absY + a.height, 0);
  });

  it("places Parallel branches side by side in definition order", async () => {
    const layout = await layoutGraph(extractGraph(def));
    const [b0, b1] = ["Fan/0", "Fan/1"].map((id) => layout.nodes.find((n) => n.id === id));
    expect(b0?.y).toBe(b1?.y);
    expect(b0?.x ?? 0).toBeLessThan(b1?.x ?? 0);
  });

  it("draws a collapsed Parallel as one box", async () => {
    const layout = await layoutGraph(extractGraph(def), new Set(["Fan"]));
    expect(layout.nodes.find((n) => n.id === "Fan")).toMatchObject({ role: "state", collapsed: true });
    expect(layout.nodes.some((n) => n.id === "Fan/0/A")).toBe(false);
  });
});
