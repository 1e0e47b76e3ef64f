import { describe, expect, it } from 'vitest';
import { compilePathPattern, topology, type ListenerRule } from '@picus/infra';
import { createRuleMatcher } from '../alb/rule-matcher.js';

describe('ALB path patterns', () => {
  it('when the pattern has *, then it matches any run of characters, slashes included', () => {
    const pattern = compilePathPattern('/picus/*');
    expect(pattern.test('/picus/get/abc')).toBe(true);
    expect(pattern.test('/picus/')).toBe(true);
    expect(pattern.test('/picus')).toBe(false);
  });

  it('when the pattern has ?, then it matches exactly one character', () => {
    const pattern = compilePathPattern('/v?/items');
    expect(pattern.test('/v1/items')).toBe(true);
    expect(pattern.test('/v10/items')).toBe(false);
  });

  it('when the path differs only in case, then it does not match (ALB paths are case-sensitive)', () => {
    expect(compilePathPattern('/docs').test('/DOCS')).toBe(false);
  });

  it('when the pattern holds regex metacharacters, then they match literally', () => {
    expect(compilePathPattern('/openapi.json').test('/openapiXjson')).toBe(false);
  });
});

describe('listener rules', () => {
  it('when two rules match, then the lower priority number wins whatever the declaration order', () => {
    const rules: ListenerRule[] = [
      { priority: 50, conditions: { paths: ['/picus/*'] }, targetGroup: 'api' },
      { priority: 5, conditions: { methods: ['DELETE'], paths: ['/picus/*'] }, targetGroup: 'delete-fn' },
    ];
    expect(createRuleMatcher(rules).match('DELETE', '/picus/x')).toBe('delete-fn');
    expect(createRuleMatcher(rules).match('GET', '/picus/x')).toBe('api');
  });

  it.each([
    ['DELETE', '/picus/3f1c2a8e-5b7d-4c1e-9a2b-6d8e0f4a7c91', 'delete-fn'],
    ['GET', '/picus/health', 'api'],
    ['POST', '/picus/put', 'api'],
    ['PATCH', '/picus/put', 'api'],
    ['GET', '/docs', 'api'],
    ['GET', '/docs/swagger-ui.css', 'api'],
    ['HEAD', '/openapi.json', 'api'],
    ['POST', '/docs', undefined],
    ['GET', '/', undefined],
    ['GET', '/picusx', undefined],
  ])('when the topology routes %s %s, then it goes to %s', (method, path, expected) => {
    expect(createRuleMatcher(topology.listener.rules).match(method, path)).toBe(expected);
  });
});
