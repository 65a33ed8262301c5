import { Fragment } from "react";

/**
 * An identifier (`Order.PaymentFailed`, an ARN) that may wrap only where it has a separator:
 * after `.`, `:`, `/` or `_` (hyphens break by themselves), never in the middle of a word as
 * `break-all` does ("Order.Payme ntFailed"). The text stays one string when copied.
 */
export function BreakableId({ text, className = "" }: { text: string; className?: string }) {
  const parts = text.split(/(?<=[.:/_])/);
  return (
    <span className={`break-normal ${className}`}>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}
          {p}
        </Fragment>
      ))}
    </span>
  );
}
