import type { RandomPort } from "@/lib/asl/intrinsics";
import type { Json } from "@/lib/asl/types";
import type { DataFlowSource, DataFlowValueStep } from "./data-flow-types";
import { absent, type Maybe } from "./recorded-run-values";

/* One step of a reconstructed data flow: recorded, computed over known values, or unknown with the reason. */

/** Random intrinsics whose values were never recorded: using one makes the step unknown. */
export const unknownRandom: RandomPort = {
  random: () => {
    throw new UnknowableError("uses States.MathRandom, whose value was not recorded");
  },
  uuid: () => {
    throw new UnknowableError("uses States.UUID, whose value was not recorded");
  },
};

class UnknowableError extends Error {}

export function step(
  field: string,
  expression: unknown,
  value: Maybe,
  source: DataFlowSource,
  note?: string,
): DataFlowValueStep {
  if (value === absent)
    return {
      field,
      ...(expression === undefined ? {} : { expression }),
      source: "unknown",
      note: note ?? "not recorded",
    };
  return { field, ...(expression === undefined ? {} : { expression }), source, value, ...(note ? { note } : {}) };
}

/** Runs `f` on a known value; a thrown ASL error (or an unknowable input) makes the step unknown with the reason. */
export function compute(
  field: string,
  expression: unknown,
  from: Maybe,
  f: (v: Json) => Json,
  whyUnknown: string,
): { step: DataFlowValueStep; value: Maybe } {
  if (from === absent) return { step: step(field, expression, absent, "unknown", whyUnknown), value: absent };
  try {
    const value = f(from);
    return { step: step(field, expression, value, "computed"), value };
  } catch (err) {
    const reason =
      err instanceof UnknowableError
        ? err.message
        : `could not be evaluated here: ${err instanceof Error ? err.message : String(err)}`;
    return { step: step(field, expression, absent, "unknown", reason), value: absent };
  }
}

/** Equal as JSON values, whatever the order of object members. */
export function sameJson(a: unknown, b: unknown): boolean {
  const canon = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(canon).join(",")}]`
      : v !== null && typeof v === "object"
        ? `{${Object.keys(v)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canon((v as Record<string, unknown>)[k])}`)
            .join(",")}}`
        : JSON.stringify(v);
  return canon(a) === canon(b);
}
