import { evaluateJsonataField, jsonataStates, processInputPath } from "../input-output-processing";
import type { StateCtx, StateOutcome } from "./state-context";
import { Failure } from "./evaluation-failure";
import { unresolved } from "./task-limits";
import type { StateRuntime } from "./state-runtime";
import { numberField, readPathField } from "./path-field";
import { isJsonataExpression } from "../jsonata-eval";
import { evaluatePayloadTemplate } from "../payload-template";
import { StatesError } from "../states-error";
import { csvItems } from "../parse-csv";
import { isJsonObject, type Json, type JsonObject, type StateMachineDefinition } from "../types";
import { runMapRun } from "./run-map-run";
import { readInventoryManifest } from "./read-inventory-manifest";
import { runInlineIterations } from "./run-inline-iterations";

/** The Map state: the items (`ItemsPath`, JSONata `Items`, or an `ItemReader`), then the iterations (inline, concurrently) or a Map Run (distributed). */
export async function runMap(rt: StateRuntime, ctx: StateCtx): Promise<StateOutcome> {
  const { state, thread } = ctx;
  let items: Json;
  let effective = ctx.input;
  const reader = state["ItemReader"];
  let readerFailure: StatesError | undefined;
  if (isJsonObject(reader)) {
    if (ctx.frame.language === "JSONPath") effective = processInputPath(rt, ctx);
    // AWS reads an ItemReader's items after MapStateStarted (length 0), within the Map Run: a
    // reader's failure (`States.ItemReaderFailed`, the S3 read's error) ends the run with
    // MapRunFailed and its own cause; a bad field (`States.Runtime`) fails the state before the run.
    thread.prev = rt.recorder.add("MapStateStarted", thread.prev, { length: 0 });
    try {
      items = await readItems(rt, ctx, reader, effective);
    } catch (err) {
      if (!(err instanceof StatesError) || err instanceof Failure || err.error === "States.Runtime") throw err;
      readerFailure = err;
      items = [];
    }
  } else if (ctx.frame.language === "JSONata") {
    if (state["Items"] === undefined) {
      items = ctx.input;
      if (!Array.isArray(items))
        throw new StatesError(
          "States.QueryEvaluationError",
          `Map state input must be an array but was: ${JSON.stringify(items)}`,
        );
    } else {
      items = await evaluateJsonataField(rt, state["Items"], jsonataStates(rt, ctx), ctx.frame, "Items");
      if (!Array.isArray(items)) {
        const body = isJsonataExpression(state["Items"])
          ? state["Items"].slice(2, -2).trim()
          : JSON.stringify(state["Items"]);
        throw new Failure(
          "States.QueryEvaluationError",
          `The JSONata expression '${body}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '${jsonTypeOf(items)}' for value: ${JSON.stringify(items)}`,
          "Items",
        );
      }
    }
  } else {
    effective = processInputPath(rt, ctx);
    items =
      typeof state["ItemsPath"] === "string"
        ? readPathField("ItemsPath", state["ItemsPath"], rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame))
        : effective;
  }
  if (!Array.isArray(items))
    throw new StatesError("States.Runtime", `Map state input must be an array but was: ${JSON.stringify(items)}`);
  const processor = (isJsonObject(state["ItemProcessor"]) ? state["ItemProcessor"] : state["Iterator"]) as unknown as
    StateMachineDefinition | undefined;
  if (processor === undefined) throw new StatesError("States.Runtime", "Map state has no ItemProcessor");
  if (!isJsonObject(reader)) thread.prev = rt.recorder.add("MapStateStarted", thread.prev, { length: items.length });
  const processorConfig = isJsonObject(processor) ? (processor as unknown as JsonObject)["ProcessorConfig"] : undefined;
  if (isJsonObject(processorConfig) && processorConfig["Mode"] === "DISTRIBUTED")
    return runMapRun(rt, ctx, items, processor, effective, readerFailure);
  if (readerFailure !== undefined) throw readerFailure;
  return runInlineIterations(rt, ctx, items, processor, effective);
}

/**
 * `ItemReader`: asks the task invoker for the object its `Resource` names (with its
 * `Parameters`/`Arguments`), then reads items per `ReaderConfig.InputType` (`JSON` array,
 * `JSONL` one value a line, `CSV` with `CSVHeaderLocation` `FIRST_ROW`/`GIVEN`, or `MANIFEST`: an
 * S3 Inventory report's manifest, whose CSV data files are read the same way), up to `MaxItems`.
 */
async function readItems(rt: StateRuntime, ctx: StateCtx, reader: JsonObject, effective: Json): Promise<Json[]> {
  const resource = String(reader["Resource"] ?? "");
  const jsonata = ctx.frame.language === "JSONata";
  const template = jsonata ? reader["Arguments"] : reader["Parameters"];
  const payload =
    template === undefined
      ? {}
      : jsonata
        ? await evaluateJsonataField(rt, template, jsonataStates(rt, ctx), ctx.frame, "ItemReader/Arguments")
        : evaluatePayloadTemplate(
            template,
            rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame),
            rt.options.random,
          );
  const config = isJsonObject(reader["ReaderConfig"]) ? reader["ReaderConfig"] : {};
  const max = jsonata
    ? config["MaxItems"]
    : numberField(
        "MaxItemsPath",
        config["MaxItems"],
        config["MaxItemsPath"],
        rt.scope(effective, ctx.name, ctx.enteredIso, 0, ctx.frame),
      );
  const outcome =
    (await rt.options.invoker.invoke({ stateName: ctx.name, resource, payload, retryCount: 0 })) ??
    unresolved(ctx.name, resource);
  if (outcome.type === "failure") throw new StatesError(outcome.error, outcome.cause);
  const body = isJsonObject(outcome.output) && "Body" in outcome.output ? outcome.output["Body"] : outcome.output;
  let items: Json[];
  if (config["InputType"] === "MANIFEST") {
    const read = async (bucket: string, key: string): Promise<string> => {
      const payload = { Bucket: bucket, Key: key };
      const file =
        (await rt.options.invoker.invoke({ stateName: ctx.name, resource, payload, retryCount: 0 })) ??
        unresolved(ctx.name, resource);
      if (file.type === "failure") throw new StatesError(file.error, file.cause);
      const text = isJsonObject(file.output) && "Body" in file.output ? file.output["Body"] : file.output;
      if (typeof text !== "string")
        throw new StatesError("States.ItemReaderFailed", `The S3 inventory file ${key} is not text`);
      return text;
    };
    items = await readInventoryManifest(body, read, typeof max === "number" ? max : 0);
  } else if (config["InputType"] === "CSV") {
    if (typeof body !== "string") throw new StatesError("States.ItemReaderFailed", "The CSV object is not text");
    const headers =
      config["CSVHeaderLocation"] === "GIVEN" && Array.isArray(config["CSVHeaders"])
        ? config["CSVHeaders"].map(String)
        : null;
    items = csvItems(body, headers);
  } else if (config["InputType"] === "JSONL") {
    if (typeof body !== "string") throw new StatesError("States.ItemReaderFailed", "The JSONL object is not text");
    items = [];
    for (const [index, line] of body.split(/\r?\n/).entries())
      if (line.trim() !== "") items.push(parseItemJson(line, `line ${index + 1} of the JSONL object`));
  } else {
    const parsed = typeof body === "string" ? parseItemJson(body, "the JSON object") : body;
    if (!Array.isArray(parsed))
      throw new StatesError("States.ItemReaderFailed", "Attempting to map over non-iterable node.");
    items = parsed;
  }
  return typeof max === "number" && max > 0 ? items.slice(0, max) : items;
}

/** JSON text of an ItemReader object; malformed text fails the Map with `States.ItemReaderFailed` naming where. */
function parseItemJson(text: string, where: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw new StatesError(
      "States.ItemReaderFailed",
      `${where} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** The JSON type name AWS shows in `Items` errors. */
function jsonTypeOf(value: Json): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
