import { request, type IncomingHttpHeaders, type IncomingMessage, type RequestListener } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs, serve, signal, waitFor, type CapturedLogs, type Served } from '@picus/testkit';
import { topology, type HealthCheck } from '@picus/infra';
import { AccessLog } from '../alb/access-log.js';
import { createAlbEmulator } from '../alb/alb-emulator.js';
import { TargetGroup } from '../alb/target-group.js';

const healthCheck: HealthCheck = { ...topology.targetGroups.api.healthCheck, timeoutSeconds: 1 };
const opened: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const item of opened.splice(0)) await item.close();
});

/** A target that answers health checks and names itself in every answer. */
async function target(name: string, handler?: RequestListener): Promise<Served & { port: number; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const served = await serve((req, res) => {
    if (req.url === healthCheck.path) return void res.end('ok');
    seen.push(req.headers);
    if (handler) return handler(req, res);
    res.setHeader('x-target', name);
    res.end(name);
  });
  opened.push(served);
  return Object.assign(served, { port: Number(new URL(served.baseUrl).port), seen });
}

async function router(groups: { api: TargetGroup; deleteFn?: TargetGroup }, targetTimeoutMs = 2_000, logs?: CapturedLogs) {
  const deleteFn = groups.deleteFn ?? new TargetGroup({ name: 'delete-fn', deregistrationDelayMs: 0 });
  opened.push(groups.api, deleteFn);
  let port = 0;
  const accessLog = logs ? { accessLog: new AccessLog({ service: 'router', level: 'debug', destination: logs.destination }) } : {};
  const served = await serve(
    createAlbEmulator({
      rules: topology.listener.rules,
      targetGroups: { api: groups.api, 'delete-fn': deleteFn },
      defaultAction: topology.listener.defaultAction,
      targetTimeoutMs,
      listenerPort: () => port,
      ...accessLog,
    }),
  );
  port = Number(new URL(served.baseUrl).port);
  opened.push(served);
  return served.baseUrl;
}

const apiGroup = (deregistrationDelayMs = 1_000) =>
  new TargetGroup({ name: 'api', healthCheck, healthCheckIntervalMs: 30, deregistrationDelayMs });

/** Waits until the group's health checks have put each of these ports in `state`. */
const targetsIn = (group: TargetGroup, state: string, ports: number[]) =>
  waitFor(() => ports.every((port) => group.describe().some((target) => target.port === port && target.state === state)), {
    what: `targets ${ports.join(', ')} to be ${state}`,
  });

describe('ALB emulator', () => {
  it('when two targets are healthy, then requests alternate between them', async () => {
    const [a, b] = [await target('a'), await target('b')];
    const group = apiGroup();
    group.register({ host: '127.0.0.1', port: a.port });
    group.register({ host: '127.0.0.1', port: b.port });
    const url = await router({ api: group });
    await targetsIn(group, 'healthy', [a.port, b.port]);
    const answers = await Promise.all(
      Array.from({ length: 6 }, async () => (await fetch(`${url}/picus/health-of-target`)).headers.get('x-target')),
    );
    expect(new Set(answers)).toEqual(new Set(['a', 'b']));
  });

  it('when a request is forwarded, then the target sees X-Forwarded-For/Proto/Port and a fresh X-Amzn-Trace-Id', async () => {
    const a = await target('a');
    const group = apiGroup();
    group.register({ host: '127.0.0.1', port: a.port });
    const url = await router({ api: group });
    await targetsIn(
      group,
      'healthy',
      group.describe().map((registered) => registered.port),
    );
    await fetch(`${url}/picus/x`);
    const headers = a.seen.at(-1);
    expect(headers?.['x-forwarded-for']).toBe('127.0.0.1');
    expect(headers?.['x-forwarded-proto']).toBe('http');
    expect(headers?.['x-forwarded-port']).toBe(new URL(url).port);
    expect(headers?.['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it('when headers pass through, then hop-by-hop ones are dropped both ways, repeated ones kept, and X-Forwarded-For is appended to', async () => {
    const a = await target('a', (req, res) => {
      // Written raw, so the answer carries hop-by-hop headers and a repeated one as a target may.
      res.writeHead(200, [
        'Set-Cookie',
        'a=1',
        'Set-Cookie',
        'b=2',
        'Keep-Alive',
        'timeout=17, max=3',
        'Content-Length',
        '2',
        'X-Raw',
        req.rawHeaders.join('|'),
      ]);
      res.end('ok');
    });
    const group = apiGroup();
    group.register({ host: '127.0.0.1', port: a.port });
    const url = await router({ api: group });
    await targetsIn(group, 'healthy', [a.port]);
    const answer = await new Promise<IncomingMessage>((resolve, reject) => {
      const sent = request(`${url}/picus/x`, {
        // A raw list is sent as given: Node adds no Host to it.
        headers: [
          'Host',
          new URL(url).host,
          'X-Forwarded-For',
          '203.0.113.7',
          'X-Forwarded-Proto',
          'https',
          'X-Custom',
          'one',
          'X-Custom',
          'two',
          'Proxy-Connection',
          'keep-alive',
          'TE',
          'trailers',
        ],
      });
      sent.on('response', resolve).on('error', reject).end();
    });
    answer.resume();
    const seen = a.seen.at(-1);
    expect(seen?.['x-forwarded-for']).toBe('203.0.113.7, 127.0.0.1');
    expect(seen?.['x-forwarded-proto']).toBe('http');
    expect(seen?.['x-custom']).toBe('one, two');
    expect(seen?.['proxy-connection']).toBeUndefined();
    expect(seen?.te).toBeUndefined();
    // The caller's spelling and order reach the target.
    expect(String(answer.headers['x-raw'])).toMatch(/X-Custom\|one\|X-Custom\|two/);
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(answer.headers['keep-alive']).not.toBe('timeout=17, max=3');
  });

  it('when the caller sends a trace id, then it is kept and the ALB hop is added as Self', async () => {
    const a = await target('a');
    const group = apiGroup();
    group.register({ host: '127.0.0.1', port: a.port });
    const url = await router({ api: group });
    await targetsIn(
      group,
      'healthy',
      group.describe().map((registered) => registered.port),
    );
    await fetch(`${url}/picus/x`, { headers: { 'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793' } });
    expect(a.seen.at(-1)?.['x-amzn-trace-id']).toMatch(/^Self=1-[0-9a-f]{8}-[0-9a-f]{24};Root=1-5759e988-bd862e3fe1be46a994272793$/);
  });

  it('when the only target starts failing its health checks, then it leaves rotation and ALB answers 503', async () => {
    let failing = false;
    let served = 0;
    const flaky = await serve((req, res) => {
      if (req.url === healthCheck.path) return void (failing ? res.writeHead(500).end() : res.end('ok'));
      served += 1;
      res.end('served');
    });
    opened.push(flaky);
    const port = Number(new URL(flaky.baseUrl).port);
    const group = apiGroup();
    group.register({ host: '127.0.0.1', port });
    const url = await router({ api: group });
    await targetsIn(group, 'healthy', [port]);
    expect((await fetch(`${url}/picus/x`)).status).toBe(200);

    failing = true;
    await targetsIn(group, 'unhealthy', [port]);
    const response = await fetch(`${url}/picus/x`);
    expect(response.status).toBe(503);
    expect(response.headers.get('server')).toBe('awselb/2.0');
    expect(served, 'only the request made while healthy reached the target').toBe(1);
  });

  it('when the Lambda target refuses connections, then ALB answers 502', async () => {
    const closed = await serve((_req, res) => res.end());
    const port = Number(new URL(closed.baseUrl).port);
    await closed.close();
    const deleteFn = new TargetGroup({ name: 'delete-fn', deregistrationDelayMs: 0 });
    deleteFn.register({ host: '127.0.0.1', port });
    const url = await router({ api: apiGroup(), deleteFn });
    expect((await fetch(`${url}/picus/x`, { method: 'DELETE' })).status).toBe(502);
  });

  it('when the target takes longer than the timeout, then ALB answers 504', async () => {
    const slow = await target('slow', () => undefined);
    const group = apiGroup();
    group.register({ host: '127.0.0.1', port: slow.port });
    const url = await router({ api: group }, 200);
    await targetsIn(
      group,
      'healthy',
      group.describe().map((registered) => registered.port),
    );
    expect((await fetch(`${url}/picus/slow`)).status).toBe(504);
  });

  it('when no rule matches, then the listener answers its fixed 404 JSON', async () => {
    const url = await router({ api: apiGroup() });
    const response = await fetch(`${url}/elsewhere`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(JSON.parse(topology.listener.defaultAction.body));
  });

  it('when a target is deregistered with a request in flight, then the request completes and new ones go elsewhere', async () => {
    const gate = signal();
    const arrived = signal();
    const old = await target('old', (_req, res) => {
      arrived.resolve();
      void gate.promise.then(() => res.end('old done'));
    });
    const fresh = await target('new');
    const group = apiGroup(5_000);
    group.register({ host: '127.0.0.1', port: old.port });
    const url = await router({ api: group });
    await targetsIn(group, 'healthy', [old.port]);
    const inFlight = fetch(`${url}/picus/slow`).then((response) => response.text());
    await arrived.promise;
    group.register({ host: '127.0.0.1', port: fresh.port });
    await targetsIn(group, 'healthy', [fresh.port]);
    const drained = group.deregister({ host: '127.0.0.1', port: old.port });

    expect((await fetch(`${url}/picus/next`)).headers.get('x-target')).toBe('new');
    gate.resolve();
    expect(await inFlight).toBe('old done');
    await drained;
    expect(group.describe().map((t) => t.port)).toEqual([fresh.port]);
  });
});

describe('ALB emulator access log', () => {
  /** The access log lines written so far (its `request` lines), once `count` are in. */
  const accessLines = async (logs: CapturedLogs, count: number) => {
    const lines = () => logs.lines().filter((line) => line.msg === 'request');
    await waitFor(() => lines().length >= count, { what: `${count} access log lines` });
    return lines();
  };

  it('when requests are forwarded, answered by the listener or failed by the target, then each gets one line naming the rule, target and ALB error reason', async () => {
    const a = await target('a');
    const slow = await target('slow', () => undefined);
    const group = apiGroup();
    group.register({ host: '127.0.0.1', port: a.port });
    const closed = await serve((_req, res) => res.end());
    const refusedPort = Number(new URL(closed.baseUrl).port);
    await closed.close();
    const deleteFn = new TargetGroup({ name: 'delete-fn', deregistrationDelayMs: 0 });
    deleteFn.register({ host: '127.0.0.1', port: refusedPort });
    const logs = captureLogs();
    const url = await router({ api: group, deleteFn }, 300, logs);
    await targetsIn(group, 'healthy', [a.port]);

    expect((await fetch(`${url}/picus/get/1?x=y`, { headers: { 'x-request-id': 'caller-chosen' } })).status).toBe(200);
    expect((await fetch(`${url}/elsewhere`)).status).toBe(404);
    expect((await fetch(`${url}/picus/1`, { method: 'DELETE' })).status).toBe(502);
    group.register({ host: '127.0.0.1', port: slow.port });
    await group.deregister({ host: '127.0.0.1', port: a.port });
    await targetsIn(group, 'healthy', [slow.port]);
    expect((await fetch(`${url}/picus/slow`)).status).toBe(504);

    const lines = await accessLines(logs, 4);
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'router',
        requestId: 'caller-chosen',
        method: 'GET',
        path: '/picus/get/1',
        status: 200,
        matchedRulePriority: 20,
        targetGroup: 'api',
        target: `127.0.0.1:${a.port}`,
      }),
      expect.objectContaining({ method: 'GET', path: '/elsewhere', status: 404, matchedRulePriority: 'default' }),
      expect.objectContaining({
        method: 'DELETE',
        status: 502,
        matchedRulePriority: 10,
        targetGroup: 'delete-fn',
        errorReason: 'TargetConnectionError',
      }),
      expect.objectContaining({ path: '/picus/slow', status: 504, target: `127.0.0.1:${slow.port}`, errorReason: 'TargetTimeout' }),
    ]);
    // Without a caller's id, the request id is the trace root the router set, which the handlers take too.
    const traceRoot = /Root=([\w-]+)/.exec(String(lines[1]?.traceId))?.[1];
    expect(lines[1]?.requestId).toBe(traceRoot);
    for (const line of lines) expect(line.durationMs).toEqual(expect.any(Number));
  });

  it('when the health check path is requested, then its line is at debug, as the handlers log theirs', async () => {
    const a = await target('a');
    const group = apiGroup();
    group.register({ host: '127.0.0.1', port: a.port });
    const logs = captureLogs();
    const url = await router({ api: group }, 2_000, logs);
    await targetsIn(group, 'healthy', [a.port]);
    await fetch(`${url}/picus/health`);
    await fetch(`${url}/picus/list`);
    const [health, list] = await accessLines(logs, 2);
    expect(health).toEqual(expect.objectContaining({ path: '/picus/health', level: 'debug' }));
    expect(list).toEqual(expect.objectContaining({ path: '/picus/list', level: 'info' }));
  });
});
