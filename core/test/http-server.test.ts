import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { captureLogs, signal } from '@picus/testkit';
import { HEADERS_TIMEOUT_MS, listen, REQUEST_TIMEOUT_MS, type RunningServer } from '../src/http-server.js';
import { createLogger } from '../src/pino-logger.js';

/** A real logger whose lines are kept in memory. */
const capturedLogger = (logs = captureLogs()) => createLogger({ service: 'test', level: 'debug', destination: logs.destination });

/** A GET that resolves with status and body, or with the connection error code. */
function get(port: number, path: string): Promise<{ status?: number; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

let running: RunningServer | undefined;
afterEach(async () => {
  running?.server.closeAllConnections();
  running?.server.close();
  running = undefined;
});

describe('graceful drain', () => {
  it('when draining starts with a request in flight, then that request completes and new connections are refused', async () => {
    const released = signal();
    const arrived = signal();
    running = await listen(
      (req, res) => {
        if (req.url !== '/slow') return void res.end('fast');
        arrived.resolve();
        void released.promise.then(() => res.end('slow done'));
      },
      { host: '127.0.0.1', port: 0, logger: capturedLogger() },
    );
    const port = running.port;
    const inFlight = get(port, '/slow');
    await arrived.promise;

    const drained = running.drain(5_000);
    expect(running.isDraining()).toBe(true);
    expect(await get(port, '/fast')).toEqual({ error: 'ECONNREFUSED' });

    released.resolve();
    expect(await inFlight).toEqual({ status: 200, body: 'slow done' });
    await drained;
  });

  it('when draining starts, then a request arriving on an open keep-alive connection is served with Connection: close, not reset', async () => {
    running = await listen((_req, res) => res.end('ok'), { host: '127.0.0.1', port: 0, logger: capturedLogger() });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = () =>
      new Promise<{ status?: number; connection?: string; error?: string }>((resolve) => {
        const req = request({ host: '127.0.0.1', port: running?.port, path: '/', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: String(res.headers.connection) }));
        });
        req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
        req.end();
      });
    expect(await send()).toEqual({ status: 200, connection: 'keep-alive' });

    const drained = running.drain(5_000);
    // The socket the agent keeps is idle now; the next request goes down it after draining began.
    expect(await send()).toEqual({ status: 200, connection: 'close' });
    await drained;
    agent.destroy();
  });

  it('when an answer begun before draining ends keep-alive, then the request its client sends next on that connection is served, not reset', async () => {
    const finish = signal();
    const begun = signal();
    running = await listen(
      (req, res) => {
        if (req.url !== '/streaming') return void res.end('next');
        // Headers go out before draining begins, so this answer cannot say Connection: close.
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('part');
        begun.resolve();
        void finish.promise.then(() => res.end(' done'));
      },
      { host: '127.0.0.1', port: 0, logger: capturedLogger() },
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (path: string) =>
      new Promise<{ status?: number; body?: string; error?: string }>((resolve) => {
        const req = request({ host: '127.0.0.1', port: running?.port, path, agent }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
        req.end();
      });
    // Another client's idle keep-alive connection: its close tells that the linger is over.
    const idleClosed = signal();
    await new Promise<void>((resolve) => {
      const idle = request({ host: '127.0.0.1', port: running?.port, path: '/idle', agent: new Agent({ keepAlive: true }) }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      idle.on('socket', (socket) => socket.once('close', () => idleClosed.resolve()));
      idle.end();
    });
    const streaming = send('/streaming');
    await begun.promise;
    const drained = running.drain(5_000);
    // The next request is queued on the agent's one socket: it goes out the moment the answer ends,
    // which is after the linger, when nothing but this answer keeps the server from closing.
    const next = send('/next');
    await idleClosed.promise;
    finish.resolve();
    expect(await streaming).toEqual({ status: 200, body: 'part done' });
    expect(await next).toEqual({ status: 200, body: 'next' });
    await drained;
    agent.destroy();
  });

  it('when an in-flight request outlives the grace period, then drain still resolves and logs the deadline', async () => {
    const logs = captureLogs();
    const arrived = signal();
    running = await listen(() => arrived.resolve(), { host: '127.0.0.1', port: 0, logger: capturedLogger(logs) });
    const stuck = get(running.port, '/never');
    await arrived.promise;

    await running.drain(100);

    expect((await stuck).error).toBe('ECONNRESET');
    expect(logs.lines()).toContainEqual(
      expect.objectContaining({ msg: 'drain deadline reached; closing remaining connections', inFlight: 1 }),
    );
  });
});

describe('malformed HTTP', () => {
  it('when a request cannot be parsed, then the answer is a 400 problem, not a bare 400', async () => {
    running = await listen((_req, res) => res.end('never'), { host: '127.0.0.1', port: 0, logger: capturedLogger() });
    const port = running.port;
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('DELETE /picus/x HTTP/1.1\r\nHost: x\r\n\r\ni]H4q`FK=\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    // The request head parses (answered 200); the stray body bytes then arrive as a request of their own.
    expect(answer).toContain('HTTP/1.1 400 Malformed request');
    expect(answer).toContain('content-type: application/problem+json');
    expect(answer).toContain('"type":"/problems/malformed-request"');
  });
});

describe('timeouts', () => {
  it('when listening, then headers must arrive within the request timeout and keep-alive outlives ALB idle timeout', async () => {
    running = await listen((_req, res) => res.end('ok'), { host: '127.0.0.1', port: 0, logger: capturedLogger() });
    const { server } = running;
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(server.requestTimeout).toBe(REQUEST_TIMEOUT_MS);
    expect(server.headersTimeout).toBeLessThanOrEqual(server.requestTimeout);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
  });
});
