/**
 * The baseline: a bare node:http server answering the api's health body, run as its own process
 * (bench/dist/bare-http-server.js) so it never shares the load generator's CPU. Started by the
 * stack's supervisor, which learns its port and stops it with the bench.
 */
import { createServer } from 'node:http';

const BODY = JSON.stringify({ status: 'ok', message: 'Picus-API alive' });

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(BODY) });
  res.end(BODY);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
