/**
 * The local stack's command line, behind `make up|down|ps|logs|reset|seed|dev`. Runs the embedded
 * stack, or Docker Compose where a Docker engine answers (STACK=embedded|compose forces one).
 */
import { z } from 'zod';
import { chooseStack, compose } from '../compose.js';
import { down, followLogs, ps, reset, seed, up } from '../stack-commands.js';
import { dev } from '../stack-dev.js';
import { REPO_ROOT } from '../stack.js';
import { readState, stackPaths } from '../stack-state.js';

const COMMANDS = ['up', 'down', 'ps', 'logs', 'reset', 'seed', 'dev'] as const;
type Command = (typeof COMMANDS)[number];

const env = z
  .object({
    STACK: z.enum(['embedded', 'compose']).optional(),
    /** Where .stack (pids, logs) and .data live; the repository by default. */
    PICUS_STACK_HOME: z.string().default(REPO_ROOT),
    ROUTER_PORT: z.string().optional(),
  })
  .parse(process.env);

async function main(command: Command): Promise<number> {
  const paths = stackPaths(env.PICUS_STACK_HOME);
  const routerUrl = readState(paths)?.urls.router ?? `http://localhost:${env.ROUTER_PORT ?? 8080}`;
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
      return up(paths, process.env);
    case 'down':
      return down(paths);
    case 'ps':
      return ps(paths);
    case 'logs':
      return followLogs(paths);
    case 'reset':
      return reset(paths);
    case 'seed':
      return seed(routerUrl);
    case 'dev':
      return dev(paths, process.env);
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
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
