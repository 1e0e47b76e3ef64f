/**
 * How a process says why it could not start: one line per problem, prefixed by the service, and no
 * stack trace for the user's mistakes (an invalid variable, a port in use). Never V8's report of an
 * uncaught error, which quotes the failing source line: in a bundle, a line of thousands of characters.
 */
export function startupErrorLines(service: string, error: unknown): string[] {
  const {
    name,
    message = String(error),
    code,
    stack,
  } = (error ?? {}) as { name?: string; message?: string; code?: string; stack?: string };
  // By name: a bundle loaded by another (the Lambda host's handler) has its own copy of the class.
  if (name === 'ConfigError') {
    const problems = message
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .filter(Boolean);
    return (problems.length ? problems : [message]).map((problem) => `${service}: invalid configuration: ${problem}`);
  }
  if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') return [`${service}: ${message}`];
  return [`${service}: ${stack ?? message}`];
}

/** Prints {@link startupErrorLines} on stderr and exits with 1. */
export function exitOnStartupError(service: string): (error: unknown) => never {
  return (error) => {
    for (const line of startupErrorLines(service, error)) console.error(line);
    process.exit(1);
  };
}
