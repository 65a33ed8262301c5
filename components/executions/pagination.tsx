"use client";

/** Previous/next paging with the range shown and the total (a lower bound on very large lists). */
export function Pagination(props: {
  page: number;
  pageSize: number;
  total: number;
  totalIsLowerBound: boolean;
  hasNext: boolean;
  onPage: (page: number) => void;
}) {
  const { page, pageSize, total, totalIsLowerBound, hasNext, onPage } = props;
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(first + pageSize - 1, totalIsLowerBound ? Number.MAX_SAFE_INTEGER : total);
  const btn = "rounded border border-zinc-300 px-2 py-1 disabled:opacity-40 dark:border-zinc-700";
  return (
    <nav aria-label="Pages" className="flex items-center justify-end gap-3 px-6 py-2 text-zinc-600 dark:text-zinc-400">
      <span data-testid="page-range">
        {first.toLocaleString("en")}–{last.toLocaleString("en")} of {total.toLocaleString("en")}
        {totalIsLowerBound ? "+" : ""}
      </span>
      <button type="button" className={btn} disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← Previous
      </button>
      <button type="button" className={btn} disabled={!hasNext} onClick={() => onPage(page + 1)}>
        Next →
      </button>
    </nav>
  );
}
