/**
 * The local stack's command line, behind `make up|down|ps|logs|reset|seed|dev`. Runs the
 * embedded stack, or Docker Compose (v2) where a Docker engine answers (STACK=embedded|compose
 * forces one; without STACK, a running embedded stack is the one every command acts on). Reads `.env` first (see `env-file.ts`), then parses its environment once.
 */
import { ConfigError } from '@picus/core';
import { REPO_ROOT } from '@picus/infra';
import { down, ps, reset, seed, up } from './commands.js';
import { chooseStack, composeUp, embeddedOnlyNotes, runCompose } from './compose.js';
import { followComposeLogs } from './compose-logs.js';
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
  const choice = chooseStack(env.STACK, embeddedRunning, process.env);
  // `make up` and `make dev` say which stack they run and why, in one line.
  if (choice.refused) {
    console.error(choice.line);
    return 1;
  }
  if (command === 'up' || command === 'dev') console.log(choice.line);
  if (choice.compose) {
    for (const note of embeddedOnlyNotes(command, process.env)) console.log(note);
    const options = { repoRoot: REPO_ROOT, env: process.env, compose: choice.compose, project: env.COMPOSE_PROJECT_NAME };
    switch (command) {
      case 'up':
        return composeUp({ ...options, stack: env });
      case 'dev':
        return composeUp({ ...options, stack: env, watch: true });
      case 'down':
        return runCompose(options, ['down', '--remove-orphans']);
      case 'ps':
        return runCompose(options, ['ps']);
      case 'logs':
        return followComposeLogs(options, {
          format: env.LOG_FORMAT,
          color: process.stdout.isTTY === true,
          ...(env.SERVICE ? { service: env.SERVICE } : {}),
          ...(env.REQUEST ? { requestId: env.REQUEST } : {}),
        });
      case 'reset':
        return runCompose(options, ['down', '--volumes', '--remove-orphans']);
      case 'seed':
        return seed(routerUrl);
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
      return followLogs(paths, {
        format: env.LOG_FORMAT,
        color: process.stdout.isTTY === true,
        ...(env.SERVICE ? { service: env.SERVICE } : {}),
        ...(env.REQUEST ? { requestId: env.REQUEST } : {}),
      });
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
