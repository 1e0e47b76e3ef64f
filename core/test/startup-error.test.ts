import { describe, expect, it } from 'vitest';
import { ConfigError, startupErrorLines } from '../src/index.js';

describe('startup errors', () => {
  it('when the configuration is refused, then each invalid variable is one line, prefixed by the service', () => {
    const error = new ConfigError('Invalid configuration:\n  PORT: Too big\n  CURSOR_SECRET: Too short');
    expect(startupErrorLines('api', error)).toEqual([
      'api: invalid configuration: PORT: Too big',
      'api: invalid configuration: CURSOR_SECRET: Too short',
    ]);
  });

  it('when the error comes from another bundle (its own copy of the class), then it is still known by its name', () => {
    const foreign = Object.assign(new Error('Invalid configuration:\n  LOG_LEVEL: Invalid option'), { name: 'ConfigError' });
    expect(startupErrorLines('delete-fn', foreign)).toEqual(['delete-fn: invalid configuration: LOG_LEVEL: Invalid option']);
  });

  it('when the port is taken, then one line says so, without a stack trace', () => {
    const taken = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8000'), { code: 'EADDRINUSE' });
    expect(startupErrorLines('api', taken)).toEqual(['api: listen EADDRINUSE: address already in use 127.0.0.1:8000']);
  });
});
