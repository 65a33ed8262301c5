import type { PathScope } from "./intrinsics";
import type { Frame } from "./states/state-context";
import type { Json, JsonObject } from "./types";

/** What builds a state's context object (`$$`): the running execution. */
export interface ContextSource {
  context(stateName: string, enteredIso: string, retryCount: number, frame: Frame, taskToken?: string): JsonObject;
}

/**
 * A {@link PathScope} whose context object is built on first read of `$$`, then kept (most states
 * never read it). It holds what the context needs rather than a closure over it: a scope is made
 * for every Pass `Parameters` and Choice of every Map item, and a closure cost one more object each.
 */
export class LazyContextScope implements PathScope {
  readonly input: Json;
  readonly variables: Readonly<Record<string, Json>>;
  private readonly source: ContextSource;
  private readonly name: string;
  private readonly enteredIso: string;
  private readonly retryCount: number;
  private readonly frame: Frame;
  private readonly taskToken: string | undefined;
  private built: Json | undefined;

  constructor(
    input: Json,
    source: ContextSource,
    name: string,
    enteredIso: string,
    retryCount: number,
    frame: Frame,
    taskToken: string | undefined,
  ) {
    this.input = input;
    this.variables = frame.variables;
    this.source = source;
    this.name = name;
    this.enteredIso = enteredIso;
    this.retryCount = retryCount;
    this.frame = frame;
    this.taskToken = taskToken;
  }

  get context(): Json {
    this.built ??= this.source.context(this.name, this.enteredIso, this.retryCount, this.frame, this.taskToken);
    return this.built;
  }
}
