/**
 * Constructors for the objects the interpreter makes at every state and event. V8 tracks the
 * allocation site of each object literal and, when a few scavenges early in a process happen to
 * find most of a site's objects still alive (a short execution's events all live until it ends),
 * allocates everything that site makes in the old generation from then on, where the dead ones keep
 * younger objects alive through every scavenge: the 406-event Parallel bench definition then ran
 * 0.5–0.7 ms instead of 0.1 ms, by the luck of the process's warm-up (`node --trace-gc-nvp`: 25 %
 * of new space surviving each scavenge instead of 1 %). Objects made by `new` have no such site, so they start young like any
 * other and only those that live long are promoted. History events and their details keep
 * `Object.prototype` as their prototype: to every reader they are plain JSON objects.
 */

type Fields = Record<string, unknown>;

/** Gives a constructor `Object.prototype` as its instances' prototype, typed for `new`. */
function plain<A extends unknown[]>(ctor: (this: Fields, ...args: A) => void): new (...args: A) => Fields {
  ctor.prototype = Object.prototype;
  return ctor as unknown as new (...args: A) => Fields;
}

/** A history event before its details: `{id, previousEventId, timestamp, type}`. */
export const HistoryEventRecord = plain(function (
  this: Fields,
  id: number,
  previousEventId: number,
  timestamp: string,
  type: string,
) {
  this["id"] = id;
  this["previousEventId"] = previousEventId;
  this["timestamp"] = timestamp;
  this["type"] = type;
});

/**
 * An event with its details under the member every state's Entered (or Exited) event uses, set by
 * name: the generic `event[key] = details` is a store whose key changes from event to event (V8 cannot
 * specialise it), and these two members hold most of a history's details (a Map item: 4 of its 6 events).
 */
export const StateEnteredEventRecord = plain(function (
  this: Fields,
  id: number,
  previousEventId: number,
  timestamp: string,
  type: string,
  details: unknown,
) {
  this["id"] = id;
  this["previousEventId"] = previousEventId;
  this["timestamp"] = timestamp;
  this["type"] = type;
  this["stateEnteredEventDetails"] = details;
});

/** See {@link StateEnteredEventRecord}. */
export const StateExitedEventRecord = plain(function (
  this: Fields,
  id: number,
  previousEventId: number,
  timestamp: string,
  type: string,
  details: unknown,
) {
  this["id"] = id;
  this["previousEventId"] = previousEventId;
  this["timestamp"] = timestamp;
  this["type"] = type;
  this["stateExitedEventDetails"] = details;
});

/** `stateEnteredEventDetails`: `{input, inputDetails, name}`. */
export const StateEnteredDetails = plain(function (this: Fields, input: string, inputDetails: unknown, name: string) {
  this["input"] = input;
  this["inputDetails"] = inputDetails;
  this["name"] = name;
});

/** `stateExitedEventDetails` of a state that assigned no variables: `{name, output, outputDetails}`. */
export const StateExitedDetails = plain(function (this: Fields, name: string, output: string, outputDetails: unknown) {
  this["name"] = name;
  this["output"] = output;
  this["outputDetails"] = outputDetails;
});

/** The details of a Map iteration's events: `{index, name}`. */
export const IterationDetails = plain(function (this: Fields, index: number, name: string) {
  this["index"] = index;
  this["name"] = name;
});

/**
 * How an execution ended (`status`, then `output` or `error`/`cause` when set, then `events`). Above
 * all these must not come from a literal: a pretenured one, dead in the old generation, keeps the whole
 * history it points at alive through every scavenge (the Parallel bench definition: 4 MB promoted per
 * scavenge, 0.33 instead of 0.07 ms a run, `--no-allocation-site-pretenuring` showing the difference).
 */
export const ExecutionEndRecord = plain(function (
  this: Fields,
  status: string,
  output: string | undefined,
  error: string | undefined,
  cause: string | undefined,
  events: unknown,
) {
  this["status"] = status;
  if (output !== undefined) this["output"] = output;
  if (error !== undefined) this["error"] = error;
  if (cause !== undefined) this["cause"] = cause;
  this["events"] = events;
});

/** An execution's result: its end's members (see {@link ExecutionEndRecord}), then what the core adds to every one. */
export const ExecutionResultRecord = plain(function (
  this: Fields,
  end: Fields,
  transitions: number,
  executionArn: string,
  stateMachineArn: string,
  roleArn: string,
  mapRuns: readonly unknown[],
) {
  for (const key of Object.keys(end)) this[key] = end[key];
  this["transitions"] = transitions;
  this["executionArn"] = executionArn;
  this["stateMachineArn"] = stateMachineArn;
  this["roleArn"] = roleArn;
  if (mapRuns.length > 0) this["mapRuns"] = mapRuns;
});
