import type {
  DeserializeMiddleware,
  HandlerExecutionContext,
  InitializeMiddleware,
  MetadataBearer,
  MiddlewareStack,
} from "@smithy/types";
import type { Readable } from "node:stream";

const rawBody = Symbol("stepscope.rawJsonBody");

type RawContext = HandlerExecutionContext & { [rawBody]?: unknown };

/** A command whose middleware stack takes additions (every `@aws-sdk/*` command). */
interface MiddlewareCommand {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command's stack is typed by its own input and output
  readonly middlewareStack: MiddlewareStack<any, any>;
}

/** The whole body of a response as UTF-8 text (a Node stream, or bytes already read). */
async function bodyText(body: unknown): Promise<string> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of body as Readable)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Makes `command` return the response's JSON document as AWS sent it (AWS JSON 1.0/1.1
 * wire form: timestamps stay epoch-second numbers, members keep AWS's names) in place of
 * the SDK's deserialized output; `$metadata` is kept. Errors are untouched: a non-2xx
 * response goes through the SDK's own error deserializer (so `ThrottlingException`,
 * `AccessDeniedException`… arrive as usual).
 *
 * Why: the SDK's schema-driven deserializer visits every member of every event a
 * `GetExecutionHistory` page can hold and converts each timestamp to a `Date`; for a
 * 1,000-event page that is most of the sync's CPU, and the collector checks the page
 * with its own schema and converts timestamps itself anyway. `JSON.parse` is native.
 * The caller must validate the output (it is `unknown` JSON).
 */
export function withRawJsonOutput<C extends MiddlewareCommand>(command: C): C {
  const readRaw: DeserializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      const text = await bodyText(response.body);
      (context as RawContext)[rawBody] = text.trim() === "" ? {} : JSON.parse(text);
      // The SDK's deserializer then sees an empty body and builds only `$metadata`.
      response.body = new Uint8Array(0);
    }
    return result;
  };
  const useRaw: InitializeMiddleware<object, MetadataBearer> = (next, context) => async (args) => {
    const result = await next(args);
    const raw = (context as RawContext)[rawBody];
    if (raw === undefined) return result;
    return { ...result, output: { ...(raw as object), $metadata: result.output.$metadata } };
  };
  command.middlewareStack.add(readRaw, { step: "deserialize", priority: "low", name: "stepscopeReadRawJsonBody" });
  command.middlewareStack.add(useRaw, { step: "initialize", priority: "high", name: "stepscopeUseRawJsonBody" });
  return command;
}
