// The benchmark's OTLP/HTTP receiver (a child process): reads every request whole and answers
// 200 as a collector does; tells its parent its port, and its counts when asked.
import { createServer } from "node:http";

let requests = 0;
let bytes = 0;
const server = createServer((req, res) => {
  req.on("data", (chunk) => {
    bytes += chunk.length;
  });
  req.on("end", () => {
    requests += 1;
    res.writeHead(200, { "content-type": "application/x-protobuf" }).end();
  });
});
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", () => process.send({ requests, bytes }));
process.on("disconnect", () => process.exit(0));
