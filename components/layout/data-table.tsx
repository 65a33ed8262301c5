import type { ReactNode } from "react";

/** A column of {@link DataTable}: its heading (text, or a screen-reader-only label) and the heading cell's classes. */
export interface DataColumn {
  readonly key: string;
  readonly label: ReactNode;
  /** Default `pr-3` (the last column: none). */
  readonly className?: string;
}

const text = { base: "", sm: "text-sm", xs: "text-xs" } as const;

/**
 * The app's dense table: a muted, upper-case heading row over the rows the caller renders
 * (the audit log, alert rules, an incident's deliveries). `size` "xs" is the nested kind
 * (no heading rule, smaller text); "base" keeps the page's text size.
 */
export function DataTable({
  columns,
  children,
  size = "sm",
  className = "",
  testId,
}: {
  columns: readonly DataColumn[];
  children: ReactNode;
  size?: "base" | "sm" | "xs";
  className?: string;
  testId?: string;
}) {
  const head =
    size === "sm" ? "border-b border-zinc-200 text-xs uppercase text-zinc-500 dark:border-zinc-800" : "text-zinc-500";
  return (
    <table className={`w-full text-left ${text[size]} ${className}`} data-testid={testId}>
      <thead className={head}>
        <tr>
          {columns.map((column, index) => (
            <th
              key={column.key}
              className={
                column.className ??
                `${index === 0 && size !== "xs" ? "py-1 " : ""}${index < columns.length - 1 ? "pr-3" : ""}`
              }
            >
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
