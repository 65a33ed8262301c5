"use client";

import type { MouseEvent } from "react";

/** Where the Previous/Next links go: a page number (shown) and the keyset cursor that reads it. */
export interface PageMove {
  page: number;
  after?: string | undefined;
  before?: string | undefined;
}

/**
 * Previous/next paging by cursor with the range shown and the total (a lower bound on very
 * large lists, an estimate for big text searches). Previous and Next are links to the page's
 * URL: they work before the page hydrates (and without JavaScript); once hydrated, a plain
 * click moves in place (`onPage`) instead of loading the page again.
 */
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
  hrefOf: (move: PageMove) => string;
}) {
  const { page, pageSize, total, totalIsLowerBound, totalIsEstimate, hasNext, nextCursor, prevCursor } = props;
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(first + pageSize - 1, totalIsLowerBound || totalIsEstimate ? Number.MAX_SAFE_INTEGER : total);
  // Page 2 back to page 1 drops the cursor, so the first page's URL stays the plain one.
  const previous: PageMove | null =
    page <= 1 ? null : page - 1 <= 1 || !prevCursor ? { page: page - 1 } : { page: page - 1, before: prevCursor };
  const next: PageMove | null = !hasNext
    ? null
    : nextCursor
      ? { page: page + 1, after: nextCursor }
      : { page: page + 1 };
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
      <PageLink move={previous} rel="prev" hrefOf={props.hrefOf} onPage={props.onPage}>
        ← Previous
      </PageLink>
      <PageLink move={next} rel="next" hrefOf={props.hrefOf} onPage={props.onPage}>
        Next →
      </PageLink>
    </nav>
  );
}

const box = "rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700";

function PageLink(props: {
  move: PageMove | null;
  rel: "prev" | "next";
  hrefOf: (move: PageMove) => string;
  onPage: (move: PageMove) => void;
  children: string;
}) {
  const { move } = props;
  // No page there: a link without a destination (not focusable, announced as disabled).
  if (move === null)
    return (
      <a aria-disabled="true" role="link" className={`${box} cursor-default opacity-40`}>
        {props.children}
      </a>
    );
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    props.onPage(move);
  };
  return (
    <a
      href={props.hrefOf(move)}
      rel={props.rel}
      className={`${box} hover:bg-zinc-100 dark:hover:bg-zinc-800`}
      onClick={onClick}
    >
      {props.children}
    </a>
  );
}
