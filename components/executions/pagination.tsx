"use client";

/** Where the Previous/Next buttons go: a page number (shown) and the keyset cursor that reads it. */
export interface PageMove {
  page: number;
  after?: string | undefined;
  before?: string | undefined;
}

/** Previous/next paging by cursor with the range shown and the total (a lower bound on very large lists, an estimate for big text searches). */
export function Pagination(props: {
  page: number;
  pageSize: number;
  total: number;
  totalIsLowerBound: boolean;
  totalIsEstimate: boolean;
  hasNext: boolean;
  nextCursor: string | null;
  prevCursor: string | null;
  onPage: (move: PageMove) => void;
}) {
  const { page, pageSize, total, totalIsLowerBound, totalIsEstimate, hasNext, nextCursor, prevCursor, onPage } = props;
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(first + pageSize - 1, totalIsLowerBound || totalIsEstimate ? Number.MAX_SAFE_INTEGER : total);
  const btn = "rounded border border-zinc-300 px-2 py-1 disabled:opacity-40 dark:border-zinc-700";
  return (
    <nav aria-label="Pages" className="flex items-center justify-end gap-3 px-6 py-2 text-zinc-600 dark:text-zinc-400">
      <span
        data-testid="page-range"
        title={totalIsEstimate ? "Estimated from a sample of the stored executions" : undefined}
      >
        {first.toLocaleString("en")}–{last.toLocaleString("en")} of {totalIsEstimate ? "about " : ""}
        {total.toLocaleString("en")}
        {totalIsLowerBound ? "+" : ""}
      </span>
      <button
        type="button"
        className={btn}
        disabled={page <= 1}
        // Page 2 back to page 1 drops the cursor, so the first page's URL stays the plain one.
        onClick={() =>
          onPage(page - 1 <= 1 || !prevCursor ? { page: page - 1 } : { page: page - 1, before: prevCursor })
        }
      >
        ← Previous
      </button>
      <button
        type="button"
        className={btn}
        disabled={!hasNext}
        onClick={() => onPage(nextCursor ? { page: page + 1, after: nextCursor } : { page: page + 1 })}
      >
        Next →
      </button>
    </nav>
  );
}
