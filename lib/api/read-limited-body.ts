import { AppError } from "@/lib/errors/app-error";

const size = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`);

/**
 * Reads a request's body as a stream, refusing it (413) as soon as it passes `maxBytes`:
 * at once when `Content-Length` says so, else when the bytes read so far do (a chunked body
 * has no length), so an oversized body is never held in memory. `limitName` says which
 * limit it was (a setting's name, or the kind of request).
 */
export async function readLimitedBody(req: Request, maxBytes: number, limitName: string): Promise<Buffer> {
  const tooLarge = (what: string) =>
    new AppError({
      code: "payload_too_large",
      message: `The request body is ${what}; the limit is ${size(maxBytes)} (${limitName})`,
    });
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(size(Number(declared)));
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop reading: the rest of the body is never pulled from the socket.
      await reader.cancel().catch(() => undefined);
      throw tooLarge(`over ${size(maxBytes)}`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
