/** A small trend line of daily counts (SVG, no axes); the title carries the numbers for hover and screen readers. */
export function Sparkline({ values, title }: { values: readonly number[]; title: string }) {
  const w = 120;
  const h = 24;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - 1 - (v / max) * (h - 2)).toFixed(1)}`).join(" ");
  return (
    <svg
      width={w}
      height={h}
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={title}
      data-testid="sparkline"
      className="text-red-600 dark:text-red-400"
    >
      <title>{title}</title>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth={1.5} />
    </svg>
  );
}
