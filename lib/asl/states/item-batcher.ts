import type { PathScope, RandomPort } from "../intrinsics";
import { evaluatePayloadTemplate } from "../payload-template";
import { isJsonObject, type Json, type JsonObject } from "../types";
import { numberField } from "./path-field";

/** One child execution's input under an `ItemBatcher`, and how many items it carries. */
export interface Batch {
  readonly input: Json;
  readonly size: number;
}

import { PAYLOAD_LIMIT_BYTES } from "./event-details";

/** AWS's payload quota: a batch is at most 256 KiB, whatever `MaxInputBytesPerBatch` says. */
const MAX_BATCH_BYTES = PAYLOAD_LIMIT_BYTES;
const encoder = new TextEncoder();
const bytesOf = (value: Json): number => encoder.encode(JSON.stringify(value)).length;

/** A `MaxItemsPerBatch(Path)` / `MaxInputBytesPerBatch(Path)` value: a positive integer, else `States.Runtime`. */
function limitOf(
  batcher: JsonObject,
  field: "MaxItemsPerBatch" | "MaxInputBytesPerBatch",
  scope: PathScope,
): number | undefined {
  return numberField(`${field}Path`, batcher[field], batcher[`${field}Path`], scope);
}

/** Reads and checks an `ItemBatcher`'s limits (`States.Runtime` for a bad one), as the Map Run does before it starts. */
export function checkBatchLimits(batcher: JsonObject, scope: PathScope): void {
  limitOf(batcher, "MaxItemsPerBatch", scope);
  limitOf(batcher, "MaxInputBytesPerBatch", scope);
}

/**
 * A Distributed Map's `ItemBatcher`: the items (after `ItemSelector`) grouped, in order, into
 * child inputs `{"BatchInput": …, "Items": [...]}` (`BatchInput` only when given; in JSONPath its
 * `.$` fields read the state input, `batchInput` is the evaluated value in JSONata). A batch takes
 * items until the next would pass `MaxItemsPerBatch` or make the child input larger than
 * `MaxInputBytesPerBatch` (UTF-8 bytes, at most 256 KiB); a single larger item is a batch of its
 * own. Their `*Path` forms read the state input. Without `ItemBatcher` each item is its own input.
 */
export function batchItems(
  items: readonly Json[],
  batcher: Json | undefined,
  scope: PathScope,
  random: RandomPort,
  batchInput?: Json,
): Batch[] {
  if (!isJsonObject(batcher)) return items.map((input) => ({ input, size: 1 }));
  const maxItems = limitOf(batcher, "MaxItemsPerBatch", scope) ?? Number.POSITIVE_INFINITY;
  const maxBytes = Math.min(limitOf(batcher, "MaxInputBytesPerBatch", scope) ?? MAX_BATCH_BYTES, MAX_BATCH_BYTES);
  const shared =
    batchInput !== undefined
      ? batchInput
      : batcher["BatchInput"] === undefined
        ? undefined
        : evaluatePayloadTemplate(batcher["BatchInput"], scope, random);
  const wrap = (batch: Json[]): Json =>
    shared === undefined ? { Items: batch } : { BatchInput: shared, Items: batch };
  // The wrapper's bytes, then each item's and a comma between items.
  const baseBytes = bytesOf(wrap([]));
  const batches: Batch[] = [];
  let current: Json[] = [];
  let bytes = baseBytes;
  for (const item of items) {
    const own = bytesOf(item);
    if (current.length > 0 && (current.length >= maxItems || bytes + 1 + own > maxBytes)) {
      batches.push({ input: wrap(current), size: current.length });
      current = [];
      bytes = baseBytes;
    }
    bytes += (current.length > 0 ? 1 : 0) + own;
    current.push(item);
  }
  if (current.length > 0) batches.push({ input: wrap(current), size: current.length });
  return batches;
}
