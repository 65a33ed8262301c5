import { describe, expect, it } from "vitest";
import { parseExecutionListParams, toSearchParams } from "./execution-list-params";

describe("execution list params", () => {
  it("parses comma-separated statuses, text and paging from a URL", () => {
    const p = parseExecutionListParams(new URLSearchParams("status=FAILED,TIMED_OUT&q=Declined&page=2"));
    expect(p.status).toEqual(["FAILED", "TIMED_OUT"]);
    expect(p.q).toBe("Declined");
    expect(p.page).toBe(2);
    expect(p.sort).toBe("startDate");
  });
  it("refuses an unknown status with the field's path", () => {
    expect(() => parseExecutionListParams(new URLSearchParams("status=EXPLODED"))).toThrow(/status/);
  });
  it("ignores empty values and round-trips without defaults", () => {
    const p = parseExecutionListParams({ status: "", stateMachine: "orders", page: "1" });
    expect(p.status).toBeUndefined();
    expect(toSearchParams(p).toString()).toBe("stateMachine=orders");
  });
});
