import { randomUUID } from 'node:crypto';
import type { ServiceRecord } from './stack-state.js';

/** Why a restart was refused: answered to the console's user as it is. */
export class RestartRefusedError extends Error {
  override readonly name = 'RestartRefusedError';
}

/** The console asks its supervisor, over the IPC channel it was started with, to restart a process. */
export interface RestartRequest {
  readonly type: 'restart-request';
  readonly id: string;
  readonly logName: string;
}

/** The supervisor's answer: the process as now recorded, or why it was not restarted. */
export interface RestartAnswer {
  readonly type: 'restart-answer';
  readonly id: string;
  readonly record?: ServiceRecord;
  readonly refused?: string;
}

export function isRestartRequest(value: unknown): value is RestartRequest {
  const message = value as Partial<RestartRequest> | null;
  return message?.type === 'restart-request' && typeof message.id === 'string' && typeof message.logName === 'string';
}

const RESTART_TIMEOUT_MS = 30_000;

/**
 * Asks the stack's supervisor to restart one of its processes (by log name: `api`, `api-2`,
 * `router`…). The supervisor alone starts processes and writes the state file; the console only
 * asks. A console started without a supervisor (by hand) cannot restart anything.
 */
export function requestRestart(logName: string): Promise<ServiceRecord> {
  const send = process.send?.bind(process);
  if (!send || !process.connected)
    return Promise.reject(new RestartRefusedError('This console was not started by the stack, so it cannot restart its services.'));
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => settle(() => reject(new Error(`The stack did not restart ${logName} within ${RESTART_TIMEOUT_MS / 1000} s.`))),
      RESTART_TIMEOUT_MS,
    );
    const onMessage = (message: unknown) => {
      const answer = message as Partial<RestartAnswer> | null;
      if (answer?.type !== 'restart-answer' || answer.id !== id) return;
      settle(() =>
        answer.record ? resolve(answer.record) : reject(new RestartRefusedError(answer.refused ?? `${logName} was not restarted.`)),
      );
    };
    const settle = (finish: () => void) => {
      clearTimeout(timer);
      process.off('message', onMessage);
      finish();
    };
    process.on('message', onMessage);
    const request: RestartRequest = { type: 'restart-request', id, logName };
    send(request);
  });
}
