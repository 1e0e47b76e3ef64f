/**
 * Process entry of the stack's supervisor under `make up`: it outlives the CLI, starts every
 * service as its child, restarts the handlers when they die (as ECS does), writes the state file
 * (the only process that does), and on SIGTERM (`make down`) stops them all. Its children stop
 * themselves if it dies (see `child-preload.ts`), so nothing outlives it.
 *
 * The CLI starts it with an IPC channel, sends the stack's options, and waits for one answer:
 * the URLs once every service is healthy, or why a service failed to start (then everything it
 * had started is stopped already, and it exits).
 */
import { rmSync } from 'node:fs';
import { startEmbeddedStack, type EmbeddedStack, type StackOptions } from './embedded-stack.js';
import { stackUrls } from './stack-urls.js';

/** What the CLI sends: the options, and what the printed URLs need. */
export interface SupervisorStart {
  readonly type: 'start';
  readonly options: StackOptions & { readonly stateFile: string };
  readonly ports: Readonly<Record<'router' | 'api' | 'deleteFn' | 'dynamodb' | 'console', number>>;
}

/** The supervisor's one answer. */
export type SupervisorAnswer =
  { readonly type: 'up'; readonly urls: Readonly<Record<string, string>> } | { readonly type: 'failed'; readonly message: string };

let stack: EmbeddedStack | undefined;
let stateFile: string | undefined;
let stopping = false;

const stop = async () => {
  if (stopping) return;
  stopping = true;
  await stack?.stop();
  if (stateFile) rmSync(stateFile, { force: true });
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
// The terminal that ran `make up` may close: the stack runs on until `make down`.
process.on('SIGHUP', () => undefined);

let answered = false;
// The CLI went away (Ctrl-C) before the stack was up: all or nothing, so nothing stays. Services still
// starting stop themselves once this process is gone (see `child-preload.ts`).
process.once('disconnect', () => {
  if (!answered) void stop();
});

process.once('message', (message: SupervisorStart) => {
  stateFile = message.options.stateFile;
  const answer = (value: SupervisorAnswer) => {
    answered = true;
    process.send?.(value, () => process.disconnect());
  };
  startEmbeddedStack({ ...message.options, console: true, detached: false, restartOnExit: true }).then(
    async (started) => {
      stack = started;
      const urls = await stackUrls(started, message.ports, message.options.inspect?.service);
      started.setUrls(urls);
      answer({ type: 'up', urls });
      // A `make down` that came while the stack was starting.
      if (stopping) await started.stop();
    },
    (error: unknown) => {
      // startEmbeddedStack has stopped whatever it had started.
      if (stateFile) rmSync(stateFile, { force: true });
      answered = true;
      if (!process.connected) process.exit(1);
      process.send?.({ type: 'failed', message: (error as Error).message } satisfies SupervisorAnswer, () => process.exit(1));
    },
  );
});
