import { z } from "zod";
import { decodeExecutionListCursor } from "./execution-list-cursor";
import { MAX_QUERY_LENGTH } from "./query-language/parse-query";

/** Statuses a list can be filtered by. */
export const executionStatuses = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE"] as const;

/** Time ranges offered in the UI; `all` applies no bound. */
export const timeRanges = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  "90d": 90 * 86_400_000,
  all: null,
} as const;

export const sortFields = ["startDate", "stopDate", "duration", "name", "status", "stateMachine"] as const;

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.enum(values)));

const cursorToken = z
  .string()
  .max(2000)
  .superRefine((token, ctx) => {
    const decoded = decodeExecutionListCursor(token);
    if (!decoded.ok) ctx.addIssue({ code: "custom", message: decoded.message });
  });

/**
 * The executions list's filters, sort and page: the same schema parses the page's URL,
 * the API's query string and the CLI's flags, so a shared link means the same list everywhere.
 */
export const executionListParamsSchema = z
  .object({
    status: csv(executionStatuses).optional(),
    /** A state machine's name (every machine of that name), or its ARN (that machine alone). */
    stateMachine: z.string().min(1).max(2048).optional(),
    source: z.string().min(1).max(200).optional(),
    /** `local`: leave local runs out, as the analytics figures a link came from do (lib/queries/production-scope.ts). */
    exclude: z.enum(["local"]).optional(),
    /** A query-language expression (README: "Query language"), or plain text searched in error and cause. */
    q: z.string().trim().min(1).max(MAX_QUERY_LENGTH).optional(),
    /** A failure group (`executions.failure_signature`, from lib/analytics). */
    signature: z
      .string()
      .regex(/^[0-9a-f]{8,64}$/)
      .optional(),
    /**
     * A published version's or an alias's ARN (`stateMachineVersionArn` / `stateMachineAliasArn`
     * of DescribeExecution): the executions started through it.
     */
    qualifier: z
      .string()
      .regex(/^arn:[^:]+:states:[^:]*:[^:]*:stateMachine:[^:]+:[^:]+$/, "a state machine version or alias ARN")
      .max(2048)
      .optional(),
    /** A Distributed Map execution's ARN: its child executions (those of its Map Runs). */
    parent: z.string().min(1).max(2048).optional(),
    range: z.enum(Object.keys(timeRanges) as [keyof typeof timeRanges, ...(keyof typeof timeRanges)[]]).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    sort: z.enum(sortFields).default("startDate"),
    order: z.enum(["asc", "desc"]).default("desc"),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    /** Keyset paging: the rows after (or before) this cursor, from `nextCursor`/`prevCursor`; `page` is then only shown. */
    after: cursorToken.optional(),
    before: cursorToken.optional(),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  })
  .superRefine((p, ctx) => {
    if (p.after && p.before)
      ctx.addIssue({ code: "custom", message: "give after or before, not both", path: ["before"] });
    for (const side of ["after", "before"] as const) {
      const token = p[side];
      const decoded = token ? decodeExecutionListCursor(token) : null;
      if (decoded?.ok && decoded.cursor.sort !== p.sort) {
        ctx.addIssue({
          code: "custom",
          message: `a cursor of the list sorted by ${decoded.cursor.sort}, but sort is ${p.sort}`,
          path: [side],
        });
      }
    }
  });
export type ExecutionListParams = z.infer<typeof executionListParamsSchema>;

/** Parses URL search params (`?status=FAILED,TIMED_OUT&q=Declined&page=2`), dropping empty values. */
export function parseExecutionListParams(
  search: URLSearchParams | Record<string, string | string[] | undefined>,
): ExecutionListParams {
  const entries =
    search instanceof URLSearchParams
      ? [...search.entries()]
      : Object.entries(search).flatMap(([k, v]) =>
          v === undefined ? [] : [[k, Array.isArray(v) ? v.join(",") : v] as const],
        );
  return executionListParamsSchema.parse(Object.fromEntries(entries.filter(([, v]) => v !== "")));
}

/** The inverse of `parseExecutionListParams`: defaults are left out so URLs stay short. */
export function toSearchParams(params: ExecutionListPatch): URLSearchParams {
  const out = new URLSearchParams();
  const defaults = executionListParamsSchema.parse({});
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const text = Array.isArray(value) ? value.join(",") : String(value);
    if (text === "" || text === String(defaults[key as keyof typeof defaults] ?? "")) continue;
    out.set(key, text);
  }
  return out;
}

/** A change to the list's params; `undefined` clears a filter. */
export type ExecutionListPatch = { [K in keyof ExecutionListParams]?: ExecutionListParams[K] | undefined };
