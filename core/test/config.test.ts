import { describe, expect, it } from 'vitest';
import { LOCAL_CURSOR_SECRET, loadConfig } from '../src/config.js';
import { ConfigError } from '../src/env-schema.js';

describe('loadConfig', () => {
  it('when the environment is empty, then every variable takes its documented default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8000,
      HOST: '127.0.0.1',
      DYNAMODB_TABLE_NAME: 'picus',
      LOG_LEVEL: 'info',
      VALIDATE_RESPONSES: true,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when a variable is invalid, then the error names it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DYNAMODB_ENDPOINT: 'not a url', LOG_LEVEL: 'loud' })).toThrow(
      /DYNAMODB_ENDPOINT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*DYNAMODB_ENDPOINT/,
    );
  });

  it('when NODE_ENV is production, then response validation is off unless asked for', () => {
    const production = { NODE_ENV: 'production', CURSOR_SECRET: 'a-secret-from-secrets-manager' };
    expect(loadConfig(production).VALIDATE_RESPONSES).toBe(false);
    expect(loadConfig({ ...production, VALIDATE_RESPONSES: 'true' }).VALIDATE_RESPONSES).toBe(true);
  });

  it('when a variable is an empty string, then it counts as unset', () => {
    expect(loadConfig({ DYNAMODB_ENDPOINT: '' }).DYNAMODB_ENDPOINT).toBeUndefined();
  });

  it('when NODE_ENV is production and CURSOR_SECRET is unset or the public default, then start-up stops naming it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/CURSOR_SECRET: must be set when NODE_ENV=production/);
    expect(() => loadConfig({ NODE_ENV: 'production', CURSOR_SECRET: LOCAL_CURSOR_SECRET })).toThrow(/CURSOR_SECRET/);
  });

  it('when NODE_ENV is production and CURSOR_SECRET is a key of its own, then it is used', () => {
    expect(loadConfig({ NODE_ENV: 'production', CURSOR_SECRET: 'a-secret-from-secrets-manager' }).CURSOR_SECRET).toBe(
      'a-secret-from-secrets-manager',
    );
  });

  it('when NODE_ENV is not production, then the local default still applies', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).CURSOR_SECRET).toBe(LOCAL_CURSOR_SECRET);
  });
});
