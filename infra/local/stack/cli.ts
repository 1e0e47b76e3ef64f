/**
 * The local stack's command line, behind `make up|down|ps|logs|reset|seed|dev`. Runs the
 * embedded stack, or Docker Compose where a Docker engine answers (STACK=embedded|compose forces
 * one; without STACK, a running embedded stack is the one every command acts on). Reads `.env` first (see `env-file.ts`), then parses its environment once.
 */
import { ConfigError } from '@picus/core';
import { REPO_ROOT } from '@picus/infra';
import { down, ps, reset, seed, up } from './commands.js';
import { chooseStack, composeUp, findCompose, NO_COMPOSE, runCompose } from './compose.js';
import { dev } from './dev.js';
import { loadEnvFile } from './env-file.js';
import { followLogs } from './logs.js';
import { loadStackEnv } from './stack-env.js';
import { liveServices, readState, stackPaths } from '../supervisor/stack-state.js';

const COMMANDS = ['up', 'down', 'ps', 'logs', 'reset', 'seed', 'dev'] as const;
type Command = (typeof COMMANDS)[number];

async function main(command: Command): Promise<number> {
  loadEnvFile();
  const env = loadStackEnv(process.env);
  const paths = stackPaths(env.PICUS_STACK_HOME);
  // Without STACK, an embedded stack that is running is the one every command acts on: it may have
  // been started with STACK=embedded on a machine where Docker answers, and `make down` must stop it.
  const recorded = readState(paths);
  const routerUrl = recorded?.urls.router ?? `http://localhost:${env.ROUTER_PORT}`;
  const embeddedRunning = recorded !== undefined && liveServices(recorded).length > 0;
  const stack = env.STACK === undefined && embeddedRunning ? 'embedded' : chooseStack(env.STACK);
  const composeCommand = stack === 'compose' ? findCompose(process.env) : undefined;
  if (stack === 'compose' && !composeCommand) {
    // Docker runs but Compose does not: say so in one line, then run the embedded stack (unless Compose was asked for).
    if (env.STACK === 'compose') {
      console.error(NO_COMPOSE);
      return 1;
    }
    if (command === 'up') console.log(`${NO_COMPOSE} Running the embedded stack.`);
  }
  if (composeCommand) {
    const options = { repoRoot: REPO_ROOT, env: process.env, compose: composeCommand, project: env.COMPOSE_PROJECT_NAME };
    switch (command) {
      case 'up':
        return composeUp({ ...options, stack: env });
      case 'down':
        return runCompose(options, ['down', '--remove-orphans']);
      case 'ps':
        return runCompose(options, ['ps']);
      case 'logs':
        return runCompose(options, ['logs', '--follow', ...(env.SERVICE ? [env.SERVICE] : [])]);
      case 'reset':
        return runCompose(options, ['down', '--volumes', '--remove-orphans']);
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
