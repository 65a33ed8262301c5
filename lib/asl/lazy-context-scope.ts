import type { PathScope } from "./intrinsics";
import type { Json } from "./types";

/** A {@link PathScope} whose context object is built on first read of `$$`, then kept (most states never read it). */
export class LazyContextScope implements PathScope {
  readonly input: Json;
  readonly variables: Readonly<Record<string, Json>>;
  private readonly build: () => Json;
  private built: Json | undefined;

  constructor(input: Json, variables: Readonly<Record<string, Json>>, build: () => Json) {
    this.input = input;
    this.variables = variables;
    this.build = build;
  }

  get context(): Json {
    this.built ??= this.build();
    return this.built;
  }
}
