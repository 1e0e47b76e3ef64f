import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, HEALTH_CHECK_PATH, type LogLevel } from '@picus/core';
import { serve, waitFor, type Served } from '@picus/testkit';
import { AccessLog, type AccessRecord } from '../alb/access-log.js';

const TRACE_ID = 'Root=1-6751f2a1-0123456789abcdef01234567';
const TIME = /"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/;

const opened: Served[] = [];
afterEach(async () => {
  for (const served of opened.splice(0)) await served.close();
});

interface Scenario {
  readonly path?: string;
  readonly requestId?: string;
  readonly route: (record: AccessRecord) => void;
  readonly answer: (res: ServerResponse) => void;
}

/** One request through a server whose handler opens an access line as the router does; the line written, if any. */
async function lineOf(scenario: Scenario, level: LogLevel = 'debug'): Promise<string | undefined> {
  const written: string[] = [];
  const accessLog = new AccessLog({ service: 'router', level, destination: { write: (line: string) => written.push(line) } });
  let closed = false;
  const served = await serve((req, res) => {
    res.on('close', () => (closed = true));
    scenario.route(accessLog.open(req, res, scenario.path ?? '/picus/get/1', TRACE_ID));
    scenario.answer(res);
  });
  opened.push(served);
  // A response cut short rejects the body's read; the line is what is under test.
  await fetch(`${served.baseUrl}/anything`, { headers: scenario.requestId ? { 'x-request-id': scenario.requestId } : {} })
    .then((response) => response.text())
    .catch(() => undefined);
  await waitFor(() => closed, { what: 'the response to close' });
  return written[0];
}

/** What the router's pino logger writes for the same fields (with undefined ones, as the router's record has them). */
function pinoLine(level: 'info' | 'debug', fields: Record<string, unknown>): string {
  const written: string[] = [];
  createLogger({ service: 'router', level: 'debug', destination: { write: (line: string) => void written.push(line) } })[level](
    fields,
    'request',
  );
  return written.join('');
}

const durationOf = (line: string | undefined) => (JSON.parse(line ?? '{}') as { durationMs?: number }).durationMs;

describe('the access log', () => {
  it('when a request is forwarded, then its line is the one pino writes for the same fields', async () => {
    const line = await lineOf({
      requestId: 'caller-7',
      route: (record) => Object.assign(record, { matchedRulePriority: 20, targetGroup: 'api', target: '127.0.0.1:3000' }),
      answer: (res) => res.end('ok'),
    });
    const expected = pinoLine('info', {
      requestId: 'caller-7',
      method: 'GET',
      path: '/picus/get/1',
      status: 200,
      durationMs: durationOf(line),
      matchedRulePriority: 20,
      targetGroup: 'api',
      target: '127.0.0.1:3000',
      errorReason: undefined,
      traceId: TRACE_ID,
      incomplete: undefined,
    });
    expect(line?.replace(TIME, '')).toBe(expected.replace(TIME, ''));
    expect(line).toMatch(TIME);
  });

  it('when the router answers itself, then the default rule, the error reason and the trace root as request id are written as pino writes them', async () => {
    const line = await lineOf({
      // Characters JSON must escape, as a path may carry them.
      path: '/picus/get/"quoted"\\back\u00e9',
      route: (record) => Object.assign(record, { matchedRulePriority: 'default', targetGroup: 'api', errorReason: 'NoHealthyTarget' }),
      answer: (res) => res.writeHead(503).end(),
    });
    const expected = pinoLine('info', {
      requestId: '1-6751f2a1-0123456789abcdef01234567',
      method: 'GET',
      path: '/picus/get/"quoted"\\back\u00e9',
      status: 503,
      durationMs: durationOf(line),
      matchedRulePriority: 'default',
      targetGroup: 'api',
      target: undefined,
      errorReason: 'NoHealthyTarget',
      traceId: TRACE_ID,
      incomplete: undefined,
    });
    expect(line?.replace(TIME, '')).toBe(expected.replace(TIME, ''));
  });

  it('when a response is cut short, then its line says incomplete, as pino would write it', async () => {
    const line = await lineOf({
      route: (record) => Object.assign(record, { matchedRulePriority: 20, targetGroup: 'api', target: '127.0.0.1:3000' }),
      answer: (res) => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
        setTimeout(() => res.destroy(), 10);
      },
    });
    const parsed = JSON.parse(line ?? '{}') as Record<string, unknown>;
    expect(parsed).toMatchObject({ status: 200, incomplete: true });
    const expected = pinoLine('info', { ...parsed, level: undefined, time: undefined, service: undefined, msg: undefined });
    expect(line?.replace(TIME, '')).toBe(expected.replace(TIME, ''));
  });

  it('when the health check path is requested, then its line is at debug, and not written above debug', async () => {
    const scenario: Scenario = { path: HEALTH_CHECK_PATH, route: () => undefined, answer: (res) => res.end('ok') };
    expect(JSON.parse((await lineOf(scenario, 'debug')) ?? '{}')).toMatchObject({ level: 'debug', path: HEALTH_CHECK_PATH });
    expect(await lineOf(scenario, 'info')).toBeUndefined();
    expect(await lineOf({ ...scenario, path: '/picus/list' }, 'warn')).toBeUndefined();
  });
});
