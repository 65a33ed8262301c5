import { request, type ClientRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { clientAddressHeader } from "@/lib/auth/client-address";
import type { RenderWorker } from "./render-workers";

/** Headers of one connection only (RFC 9110 §7.6.1): never passed from one hop to the next. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
]);

function endToEnd(raw: readonly string[], drop?: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!HOP_BY_HOP.has(name) && name !== drop) out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

/** The request's headers as they came, but the client address: the one this process set, never one the client sent. */
function requestHeaders(req: IncomingMessage): string[] {
  const headers = endToEnd(req.rawHeaders, clientAddressHeader);
  const address = req.headers[clientAddressHeader];
  if (typeof address === "string") headers.push(clientAddressHeader, address);
  return headers;
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    // Part of the answer went out: cutting the connection is the only way to say it is incomplete.
    res.destroy();
    return;
  }
  const text = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Methods whose request has no body to send again and whose repetition changes nothing (RFC 9110 §9.2.2). */
const RETRIABLE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Passes `req` to `worker` over its Unix socket and its answer back, both streamed (an upload
 * arrives at the client's pace and the worker enforces its size limit while reading; a
 * download leaves at the client's pace). The request line and end-to-end headers go as they
 * came (the Host, the cookies), the client address header as this process set it; `worker.inFlight`
 * counts it until it ends. A worker that dies mid-request: 502 with the API's error body when
 * nothing was sent yet, else a cut connection. A client that goes away cancels the worker's
 * request. A connection kept alive from an earlier request that the worker closed as this one
 * was sent on it (its idle timeout and the reuse crossing; Node.js's `request.reusedSocket`
 * documents the race) is no failure of the worker's: a GET, HEAD or OPTIONS is sent again once
 * on a new connection, before anything was answered. (node:http is the whole proxy: http-proxy,
 * the usual library, has had no release since 2020, and this needs no more than a pipe each way.)
 */
export function proxyToWorker(req: IncomingMessage, res: ServerResponse, worker: RenderWorker): void {
  worker.inFlight += 1;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    worker.inFlight -= 1;
  };
  // A request with no body can be sent again as it was; one with a body was read once, as it came.
  const bodiless =
    RETRIABLE.has(req.method ?? "") &&
    req.headers["transfer-encoding"] === undefined &&
    (req.headers["content-length"] ?? "0") === "0";
  if (bodiless) req.resume();
  let upstream: ClientRequest;
  const send = (retried: boolean): void => {
    const sent = request({
      socketPath: worker.socketPath,
      agent: worker.agent,
      method: req.method,
      path: req.url,
      headers: requestHeaders(req) as unknown as Record<string, string>,
    });
    upstream = sent;
    sent.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders));
      answer.pipe(res);
      answer.on("error", () => res.destroy());
      answer.on("end", finish);
    });
    sent.on("error", (error: NodeJS.ErrnoException) => {
      if (
        !retried &&
        bodiless &&
        sent.reusedSocket &&
        error.code === "ECONNRESET" &&
        !done &&
        !res.headersSent &&
        !res.destroyed
      ) {
        send(true);
        return;
      }
      finish();
      sendError(res, 502, "bad_gateway", "The server's render worker stopped while answering; try again.");
    });
    if (bodiless) sent.end();
    else req.pipe(sent);
  };
  send(false);
  res.on("close", () => {
    finish();
    if (!res.writableFinished) upstream.destroy();
  });
}

/** Answers 503 when no render worker became ready in time (all restarting). */
export function answerNoWorker(res: ServerResponse): void {
  sendError(res, 503, "service_unavailable", "The server is restarting its render workers; try again shortly.");
}
