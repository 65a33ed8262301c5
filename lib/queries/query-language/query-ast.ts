import type { FieldName, Operator, PayloadRoot } from "./query-fields";

/** A literal as written: dates stay strings until the field says they are dates. */
export type QueryValue =
  | { readonly type: "string"; readonly value: string; readonly column: number }
  | { readonly type: "number"; readonly value: number; readonly column: number }
  | { readonly type: "boolean"; readonly value: boolean; readonly column: number }
  | { readonly type: "null"; readonly column: number }
  | { readonly type: "duration"; readonly ms: number; readonly column: number }
  | { readonly type: "relative"; readonly offsetMs: number; readonly column: number };

export type QueryFieldRef =
  | { readonly type: "field"; readonly name: FieldName; readonly column: number }
  /** `input.order.items[0].sku`: keys and array indexes below the payload's root. */
  | {
      readonly type: "payload";
      readonly root: PayloadRoot;
      readonly path: readonly (string | number)[];
      readonly column: number;
    };

export type QueryNode =
  | { readonly type: "and" | "or"; readonly left: QueryNode; readonly right: QueryNode }
  | { readonly type: "not"; readonly operand: QueryNode }
  | {
      readonly type: "compare";
      readonly field: QueryFieldRef;
      readonly op: Exclude<Operator, "IN" | "EXISTS">;
      readonly value: QueryValue;
    }
  | { readonly type: "in"; readonly field: QueryFieldRef; readonly values: readonly QueryValue[] }
  | { readonly type: "exists"; readonly field: QueryFieldRef }
  /** A bare quoted string: the error, cause or root-cause state contains it (case-insensitive). */
  | { readonly type: "text"; readonly text: string };
