import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topology } from '../src/topology.js';
import { composeNginxConfig, renderNginxConfig } from '../nginx/render-nginx-config.js';

describe('generated nginx config', () => {
  it('when the topology changes, then the committed infra/nginx/nginx.conf must be regenerated', () => {
    const committed = readFileSync(new URL('../nginx/nginx.conf', import.meta.url), 'utf8');
    expect(committed, 'infra/nginx/nginx.conf is stale: run `npm run generate:nginx -w @picus/infra`').toBe(composeNginxConfig());
    const withJwt = readFileSync(new URL('../nginx/nginx-jwt.conf', import.meta.url), 'utf8');
    expect(withJwt, 'infra/nginx/nginx-jwt.conf is stale: run `npm run generate:nginx -w @picus/infra`').toBe(
      composeNginxConfig({ jwt: true }),
    );
  });

  it('when rendered, then every listener rule path appears in priority order', () => {
    const config = renderNginxConfig({ listenPort: 1, upstreams: { api: ['a:1'], 'delete-fn': ['d:1'] } });
    const priorities = [...config.matchAll(/# priority (\d+)/g)].map((match) => Number(match[1]));
    expect(priorities).toEqual([...priorities].sort((a, b) => a - b));
    expect(priorities).toHaveLength(topology.listener.rules.flatMap((rule) => rule.conditions.paths).length);
  });
});
