/**
 * The local stack's command line, behind `make up|down|ps|logs|reset|seed|dev`. Runs the embedded
 * stack, or Docker Compose where a Docker engine answers (STACK=embedded|compose forces one).
 */
import { chooseStack, compose } from '../compose.js';
import { down, followLogs, ps, reset, seed, up } from '../stack-commands.js';
import { dev } from '../stack-dev.js';
import { readState } from '../stack-state.js';

const COMMANDS = ['up', 'down', 'ps', 'logs', 'reset', 'seed', 'dev'] as const;
type Command = (typeof COMMANDS)[number];

async function main(command: Command): Promise<number> {
  const stack = chooseStack(process.env.STACK);
  if (stack === 'compose') {
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
        return seed(`http://localhost:${process.env.ROUTER_PORT ?? 8080}`);
      case 'dev':
        console.error('make dev runs the embedded stack only: STACK=embedded make dev');
        return 1;
    }
  }
  switch (command) {
    case 'up':
      return up(process.env);
    case 'down':
      return down();
    case 'ps':
      return ps();
    case 'logs':
      return followLogs();
    case 'reset':
      return reset();
    case 'seed': {
      const state = readState();
      return seed(state?.urls.router ?? `http://localhost:${process.env.ROUTER_PORT ?? 8080}`);
    }
    case 'dev':
      return dev(process.env);
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
