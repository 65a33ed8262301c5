import "server-only";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

/** A text body and its gzip encoding, compressed once (off the event loop) and only when first asked for. */
export interface CompressedText {
  readonly text: string;
  gzipped(): Promise<Buffer>;
}

export function compressedText(text: string): CompressedText {
  let bytes: Promise<Buffer> | null = null;
  return {
    text,
    gzipped: () => (bytes ??= gzipAsync(text)),
  };
}

/**
 * The response for a body shared by many requests (a cached read): gzip'd once for every client
 * that accepts it (Next.js leaves a body that already names its encoding as it is), plain text
 * otherwise. Without this the server compressed the same 2 MB of metrics again for each scrape.
 */
export async function compressedTextResponse(
  body: CompressedText,
  acceptEncoding: string | null,
  contentType: string,
): Promise<Response> {
  if (!acceptsGzip(acceptEncoding))
    return new Response(body.text, { headers: { "content-type": contentType, vary: "accept-encoding" } });
  const bytes = await body.gzipped();
  return new Response(new Uint8Array(bytes), {
    headers: { "content-type": contentType, "content-encoding": "gzip", vary: "accept-encoding" },
  });
}

/** Whether an Accept-Encoding header allows gzip (`gzip;q=0` refuses it). */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  return header.split(",").some((part) => {
    const [name, ...params] = part.trim().split(";");
    if (name?.trim().toLowerCase() !== "gzip" && name?.trim() !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}
