import { describe, expect, it } from "vitest";
import { toPrometheusText } from "./prometheus-text";

describe("toPrometheusText", () => {
  it("writes HELP, TYPE and samples with escaped label values", () => {
    const text = toPrometheusText([
      {
        name: "stepscope_executions_total",
        help: "Stored executions.",
        type: "counter",
        samples: [{ labels: { state_machine: 'a"b\\c', status: "failed" }, value: 3 }],
      },
    ]);
    expect(text).toBe(
      '# HELP stepscope_executions_total Stored executions.\n# TYPE stepscope_executions_total counter\nstepscope_executions_total{state_machine="a\\"b\\\\c",status="failed"} 3\n',
    );
  });
});
