/** Sums of rows by key, in key order. */
export class Totals<R extends Record<string, number>> {
  private readonly rows = new Map<string, { key: Record<string, string | number>; sums: R }>();
  add(key: Record<string, string | number>, sums: R): void {
    const id = Object.values(key).join("|");
    const row = this.rows.get(id);
    if (!row) this.rows.set(id, { key, sums: { ...sums } });
    else for (const [k, v] of Object.entries(sums)) (row.sums as Record<string, number>)[k] = (row.sums[k] ?? 0) + v;
  }
  get size(): number {
    return this.rows.size;
  }
  entries(): Record<string, string | number>[] {
    return [...this.rows.values()].map(({ key, sums }) => ({ ...key, ...sums }));
  }
  json(): string {
    return JSON.stringify(this.entries());
  }
}
