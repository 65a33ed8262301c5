/**
 * A response body pulling text chunks from `chunks` one at a time, as the client reads: the
 * next chunk is produced only when the last was taken (backpressure), so a slow download holds
 * one chunk in memory; a download the client abandons stops the generator.
 */
export function toByteStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
