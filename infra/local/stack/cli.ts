/**
 * The local stack's command line, behind `make up|down|ps|logs|reset|seed|dev`. Runs the
 * embedded stack, or Docker Compose where a Docker engine answers (STACK=embedded|compose forces
 * one). Reads `.env` first (see `env-file.ts`), then parses its environment once.
 */
import { ConfigError } from '@picus/core';
import { down, ps, reset, seed, up } from './commands.js';
import { chooseStack, compose } from './compose.js';
import { dev } from './dev.js';
import { loadEnvFile } from './env-file.js';
import { followLogs } from './logs.js';
import { loadStackEnv } from './stack-env.js';
import { readState, stackPaths } from './stack-state.js';

const COMMANDS = ['up', 'down', 'ps', 'logs', 'reset', 'seed', 'dev'] as const;
type Command = (typeof COMMANDS)[number];

async function main(command: Command): Promise<number> {
  loadEnvFile();
  const env = loadStackEnv(process.env);
  const paths = stackPaths(env.PICUS_STACK_HOME);
  const routerUrl = readState(paths)?.urls.router ?? `http://localhost:${env.ROUTER_PORT}`;
  if (chooseStack(env.STACK) === 'compose') {
    switch (command) {
      case 'up':
        return compose(['up', '--detach', '--wait', '--build']);
      case 'down':
        return compose(['down']);
      case 'ps':
        return compose(['ps']);
      case 'logs':
        return compose(['logs', '--follow']);
      case 'reset':
        return compose(['down', '--volumes']);
      case 'seed':
        return seed(routerUrl);
      case 'dev':
        console.error('make dev runs the embedded stack only: STACK=embedded make dev');
        return 1;
    }
  }
  switch (command) {
    case 'up':
      return up(paths, env);
    case 'down':
      return down(paths);
    case 'ps':
      return ps(paths);
    case 'logs':
      return followLogs(paths, { format: env.LOG_FORMAT, color: process.stdout.isTTY === true, ...(env.SERVICE ? { service: env.SERVICE } : {}), ...(env.REQUEST ? { requestId: env.REQUEST } : {}) });
    case 'reset':
      return reset(paths);
    case 'seed':
      return seed(routerUrl);
    case 'dev':
      return dev(paths, env);
  }
}

const command = process.argv[2] as Command;
if (!COMMANDS.includes(command)) {
  console.error(`usage: stack-cli <${COMMANDS.join('|')}>`);
  process.exit(2);
}
main(command).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Configuration mistakes are the user's to fix: the message, without a stack trace.
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
