import { liveServices, readStateFile, writeStateFile, type ServiceRecord } from './stack-state.js';
import { startProcess, stopPid } from './supervisor.js';
import { adminHeaders } from '../alb/admin-api.js';

const STOP_GRACE_MS = 10_000;

/** Why a restart was refused: answered to the console's user as it is. */
export class RestartRefusedError extends Error {
  override readonly name = 'RestartRefusedError';
}

/**
 * Restarts one recorded process of a stack (by its log name: `api`, `api-2`, `router`, …) as the
 * stack started it: the same bundle, environment, port and run token, so `make down` still finds
 * it. Only processes the state file lists can be restarted, and a pid is signalled only while it
 * still runs with the stack's token. The console itself is refused (it would stop mid-answer).
 * `detached` follows the caller: a `make up` stack's processes outlive whoever restarted them.
 */
export async function restartRecordedService(stateFile: string, logName: string, options: { detached: boolean }): Promise<ServiceRecord> {
  const state = readStateFile(stateFile);
  const record = state?.services.find((service) => service.logName === logName);
  if (!state || !record) throw new RestartRefusedError(`No service named ${logName} in this stack.`);
  if (record.name === 'console') throw new RestartRefusedError('The console cannot restart itself: `make down && make up` does.');
  if (!record.spec) throw new RestartRefusedError(`${logName} was started without a recorded command; restart the stack instead.`);
  if (liveServices({ ...state, services: [record] }).length > 0) await stopPid(record.pid, STOP_GRACE_MS);

  const started = await startProcess({
    name: record.name,
    script: record.spec.script,
    env: { ...record.spec.env, PORT: String(record.port) },
    ...(record.spec.nodeFlags ? { nodeFlags: record.spec.nodeFlags } : {}),
    logFile: record.spec.logFile,
    readiness: record.spec.readiness,
    detached: options.detached,
    token: state.token,
    ...(record.spec.cwd ? { cwd: record.spec.cwd } : {}),
  });
  const restarted: ServiceRecord = { ...record, pid: started.pid };
  // Read again: another restart may have changed the file meanwhile.
  const latest = readStateFile(stateFile) ?? state;
  writeStateFile(stateFile, { ...latest, services: latest.services.map((service) => (service.logName === logName ? restarted : service)) });

  // A new router knows only the targets its environment names: register the api replicas again.
  const admin = started.ports.admin;
  if (record.name === 'router' && admin) {
    for (const replica of latest.services.filter((service) => service.name === 'api' && service.logName !== 'api')) {
      await fetch(`http://127.0.0.1:${admin}/targets/api?host=127.0.0.1&port=${replica.port}`, { method: 'POST', headers: adminHeaders(state.token) });
    }
  }
  return restarted;
}
