/**
 * The baseline: a bare node:http server answering the api's health body, run as its own process
 * (bench/dist/bare-http-server.js) so it never shares the load generator's CPU. Prints
 * `{"msg":"listening","port":N}` once it accepts connections; exits with its parent.
 */
import { createServer } from 'node:http';

const BODY = JSON.stringify({ status: 'ok', message: 'Picus-API alive' });

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(BODY) });
  res.end(BODY);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ msg: 'listening', port: typeof address === 'object' && address ? address.port : 0 }));
});
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
