// The floor `npm run bench` measures the Node server against: a node:http server that only pipes each
// request to the upstream (UPSTREAM) and its answer back, with keep-alive connections, nothing else.
import { Agent, createServer, request } from 'node:http';

const upstream = new URL(process.env.UPSTREAM ?? 'http://127.0.0.1:1');
const agent = new Agent({ keepAlive: true });
const server = createServer({ noDelay: true }, (req, res) => {
  const headers = { ...req.headers, host: upstream.host };
  const outgoing = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent }, (incoming) => {
    res.writeHead(incoming.statusCode ?? 502, incoming.headers);
    incoming.pipe(res);
  });
  outgoing.setNoDelay(true);
  outgoing.on('error', () => res.destroy());
  res.on('close', () => {
    if (!res.writableFinished) outgoing.destroy();
  });
  req.pipe(outgoing);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`bare pipe listening on http://127.0.0.1:${server.address().port}`);
});
