import { request, type IncomingMessage, type ServerResponse } from "node:http";
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

/**
 * Passes `req` to `worker` over its Unix socket and its answer back, both streamed (an upload
 * arrives at the client's pace and the worker enforces its size limit while reading; a
 * download leaves at the client's pace). The request line and end-to-end headers go as they
 * came (the Host, the cookies), the client address header as this process set it; `worker.inFlight`
 * counts it until it ends. A worker that dies mid-request: 502 with the API's error body when
 * nothing was sent yet, else a cut connection. A client that goes away cancels the worker's
 * request. (node:http is the whole proxy: http-proxy, the usual library, has had no release
 * since 2020, and this needs no more than a pipe each way.)
 */
export function proxyToWorker(req: IncomingMessage, res: ServerResponse, worker: RenderWorker): void {
  worker.inFlight += 1;
  let done = false;
  const finish = (): void => {
    if (done) return;
    done = true;
    worker.inFlight -= 1;
  };
  const upstream = request({
    socketPath: worker.socketPath,
    agent: worker.agent,
    method: req.method,
    path: req.url,
    headers: requestHeaders(req) as unknown as Record<string, string>,
  });
  upstream.on("response", (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders));
    answer.pipe(res);
    answer.on("error", () => res.destroy());
    answer.on("end", finish);
  });
  upstream.on("error", () => {
    finish();
    sendError(res, 502, "bad_gateway", "The server's render worker stopped while answering; try again.");
  });
  res.on("close", () => {
    finish();
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

/** Answers 503 when no render worker became ready in time (all restarting). */
export function answerNoWorker(res: ServerResponse): void {
  sendError(res, 503, "service_unavailable", "The server is restarting its render workers; try again shortly.");
}
