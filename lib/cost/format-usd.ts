/** US dollars for display: cents when ≥ $1, otherwise four significant digits (costs per execution are tiny). */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  if (Math.abs(usd) >= 1) return `$${usd.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `$${usd.toPrecision(4).replace(/0+$/, "").replace(/\.$/, "")}`;
}
