"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface CostChartPoint {
  readonly label: string;
  readonly standard: number;
  readonly express: number;
}

const usd = (v: number) => (v >= 1 ? `$${v.toFixed(2)}` : `$${v.toPrecision(3)}`);
/** Axis ticks: two significant digits, no trailing zeros (`$0.000014`), so small daily costs fit. */
const axisUsd = (v: number) => (v === 0 ? "$0" : v >= 1 ? `$${v.toFixed(2)}` : `$${Number(v.toPrecision(2))}`);

/** Estimated cost per day, Standard and Express stacked. */
export function CostChart({ points }: { points: readonly CostChartPoint[] }) {
  // Wide enough for the longest tick label (recharts does not measure them).
  const longest = Math.max(...points.map((p) => axisUsd(p.standard + p.express).length), 2);
  return (
    <div className="h-56 w-full" data-testid="cost-chart" data-points={points.length}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={[...points]} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={24} />
          <YAxis tick={{ fontSize: 11 }} tickFormatter={axisUsd} width={Math.max(48, 12 + 7 * longest)} />
          <Tooltip contentStyle={{ fontSize: 12 }} formatter={(v) => usd(Number(v))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="standard" name="Standard" stackId="cost" fill="#4f46e5" isAnimationActive={false} />
          <Bar dataKey="express" name="Express" stackId="cost" fill="#0891b2" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
