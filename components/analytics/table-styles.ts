/** Class names the analytics pages' tables share. */
export const tableStyles = {
  link: "text-blue-700 underline dark:text-blue-400",
  th: "py-1 pr-3 font-normal",
} as const;

/** A count rounded and grouped the English way (`12,345`). */
export const formatCount = (v: number) => Math.round(v).toLocaleString("en");
