import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { clientAddressHeader } from "@/lib/auth/client-address";
import type { Admit } from "./admission";
import type { HealthAnswer } from "./answer-health";

/**
 * The server's front: every connection arrives here. `/api/health` is answered at once by this
 * process (its own database check); every other request gets the client's address in
 * {@link clientAddressHeader} (a value the client sent is replaced, never trusted), waits for
 * its admission, and goes to `handle` (the render workers, see start-renderer.ts).
 */
export function createPrimaryServer(options: {
  readonly answerHealth: HealthAnswer;
  readonly admit: Admit;
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void;
}): Server {
  const { answerHealth, admit, handle } = options;
  return createServer((req, res) => {
    if (answerHealth(req, res)) return;
    req.headers[clientAddressHeader] = req.socket.remoteAddress ?? "unknown";
    admit(req, res, () => handle(req, res));
  });
}
