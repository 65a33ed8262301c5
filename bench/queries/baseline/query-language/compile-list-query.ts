// Baseline for bench/queries/query-language.ts: lib/queries/query-language/compile-list-query.ts as of main at 887374b (before session 9), so one
// bench run times the previous and the current list side by side. Not used by the app.
import { AppError } from "@/lib/errors/app-error";
import { compileQuery, type CompiledQuery } from "./compile-query";
import { parseListQuery } from "@/lib/queries/query-language/parse-list-query";
import { QuerySyntaxError } from "@/lib/queries/query-language/query-syntax-error";

/** The list's `q` as SQL; a wrong expression is a 422 naming its column (`q: column 12: …`). */
export function compileListQuery(
  q: string,
  now: Date,
  opts: { readonly smallRanges?: ReadonlySet<string> } = {},
): CompiledQuery {
  try {
    return compileQuery(parseListQuery(q), now, opts);
  } catch (error) {
    if (!(error instanceof QuerySyntaxError)) throw error;
    throw new AppError({
      code: "unprocessable_entity",
      message: `q: ${error.message}`,
      details: { field: "q", column: error.column },
    });
  }
}
