/**
 * The Express baseline: a bare Express 5 app (the version the api runs) answering the api's health
 * body with `res.json`, nothing else in the chain, as its own process
 * (bench/dist/bare-express-server.js). The api's health is held to a share of this in the same
 * run: the gap is what the api's own chain (helmet, request ids and logs, validation) costs.
 * Prints `{"msg":"listening","port":N}` once it accepts connections; exits with its parent.
 */
import express from 'express';

const app = express();
app.get('/picus/health', (_req, res) => {
  res.json({ status: 'ok', message: 'Picus-API alive' });
});
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ msg: 'listening', port: typeof address === 'object' && address ? address.port : 0 }));
});
server.keepAliveTimeout = 65_000;
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
