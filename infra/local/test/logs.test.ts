import { describe, expect, it } from 'vitest';
import { createLineFormatter } from '../stack/logs.js';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'info', time: '2026-11-28T09:00:00.000Z', service: 'api', msg: 'request', ...fields });

describe('make logs line formatting', () => {
  it('when the format is pretty, then a JSON line becomes one readable line behind its service prefix', () => {
    const shown = createLineFormatter({ format: 'pretty', color: false })('api  ', line({ requestId: 'r-1', status: 201 }));
    expect(shown).toMatch(/^api {3}\| \[\d\d:\d\d:\d\d\.\d{3}\] INFO: request \{.*"requestId":"r-1".*"status":201.*\}$/);
    expect(shown).not.toContain('\n');
  });

  it('when the format is json, then the line is kept exactly, behind its prefix', () => {
    const raw = line({ requestId: 'r-1' });
    expect(createLineFormatter({ format: 'json', color: false })('api', raw)).toBe(`api | ${raw}`);
  });

  it('when a request is asked for, then only its lines pass, and lines that are not JSON are dropped', () => {
    const format = createLineFormatter({ format: 'json', color: false, requestId: 'r-1' });
    expect(format('api', line({ requestId: 'r-1' }))).toBeDefined();
    expect(format('api', line({ requestId: 'r-2' }))).toBeUndefined();
    expect(format('api', line({}))).toBeUndefined();
    expect(format('api', 'Error: boom')).toBeUndefined();
  });

  it('when a line is not JSON, then it is shown as it is', () => {
    expect(createLineFormatter({ format: 'pretty', color: false })('api', '    at main (server.js:1:1)')).toBe(
      'api |     at main (server.js:1:1)',
    );
  });
});
