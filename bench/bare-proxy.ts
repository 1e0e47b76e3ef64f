/**
 * The floor under the router: a bare node:http reverse proxy to one target (TARGET_PORT), with a
 * keep-alive agent as the router's, and nothing else: no rules, no health checks, no X-Forwarded-*
 * or trace headers, no access log. Run as its own process (bench/dist/bare-proxy.js) beside the
 * router in the peer comparison (bench/peer-compare.ts), so the run shows how much of the router's
 * cost is its own and how much any Node proxy pays on this machine.
 */
import { Agent, createServer, request } from 'node:http';

const targetPort = Number(process.env.TARGET_PORT);
if (!Number.isInteger(targetPort) || targetPort <= 0) throw new Error('TARGET_PORT must name the port to proxy to');
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((req, res) => {
  const upstream = request(
    { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (res.headersSent) res.destroy();
    else res.writeHead(502).end();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
