import net from "node:net";

/** A TCP proxy in front of a test Postgres, to cut or watch the CLI's connections. */
export interface PgProxy {
  /** `url` with its host and port replaced by the proxy's. */
  readonly url: string;
  /** Resolves the first time a client sends `text` (e.g. a statement) after this call. */
  waitFor(text: string): Promise<void>;
  /** Drops every connection and refuses new ones for `ms`. */
  outage(ms: number): void;
  close(): Promise<void>;
}

/** Starts a proxy on a free loopback port forwarding to the server of `url`. */
export async function startPgProxy(url: string): Promise<PgProxy> {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  let downUntil = 0;
  const watchers: { text: string; resolve: () => void }[] = [];
  const server = net.createServer((client) => {
    if (Date.now() < downUntil) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    client.on("data", (chunk: Buffer) => {
      const text = chunk.toString("latin1");
      for (const w of [...watchers])
        if (text.includes(w.text)) {
          watchers.splice(watchers.indexOf(w), 1);
          w.resolve();
        }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const proxied = new URL(url);
  proxied.hostname = "127.0.0.1";
  proxied.port = String(port);
  return {
    url: proxied.toString(),
    waitFor: (text) => new Promise<void>((resolve) => watchers.push({ text, resolve })),
    outage(ms) {
      downUntil = Date.now() + ms;
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
