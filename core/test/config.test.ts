import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { ConfigError } from '../src/env-schema.js';

describe('loadConfig', () => {
  it('when the environment is empty, then every variable takes its documented default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 8000, HOST: '127.0.0.1', DYNAMODB_TABLE_NAME: 'picus', LOG_LEVEL: 'info', VALIDATE_RESPONSES: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when a variable is invalid, then the error names it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DYNAMODB_ENDPOINT: 'not a url', LOG_LEVEL: 'loud' })).toThrow(/DYNAMODB_ENDPOINT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*DYNAMODB_ENDPOINT/);
  });

  it('when NODE_ENV is production, then response validation is off unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).VALIDATE_RESPONSES).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', VALIDATE_RESPONSES: 'true' }).VALIDATE_RESPONSES).toBe(true);
  });

  it('when a variable is an empty string, then it counts as unset', () => {
    expect(loadConfig({ DYNAMODB_ENDPOINT: '' }).DYNAMODB_ENDPOINT).toBeUndefined();
  });
});
