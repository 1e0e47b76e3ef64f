import type { PeerComparison, PeerRow } from './peer-compare.js';
import type { TargetCheck } from './scenario-result.js';

/** Issue 23's throughput targets against the seed's FastAPI service, the api direct, in one run at 50 connections. */
export const PEER_TARGETS: Readonly<Record<PeerRow['route'], number>> = { get: 4, put: 3.5, 'list of 100': 4 };
/** Get through the router (the ALB emulator) over get from the api direct. */
export const ROUTER_GET_TARGET = 0.8;

const errorsOf = (result: { non2xx: number; socket_errors: number }) => result.non2xx + result.socket_errors;

/** The targets, from this run's comparison; not measured when the peer could not run. */
export function peerTargets(peer: PeerComparison | undefined): TargetCheck[] {
  const rows = peer && 'rows' in peer ? peer : undefined;
  const why = !peer ? 'not run' : 'skipped' in peer ? `skipped: ${peer.skipped}` : 'failed' in peer ? `failed: ${peer.failed}` : '';
  const checks: TargetCheck[] = (Object.entries(PEER_TARGETS) as [PeerRow['route'], number][]).map(([route, min]) => {
    const row = rows?.rows.find((candidate) => candidate.route === route);
    const errors = row ? errorsOf(row.api) : 0;
    return {
      target: `${route}: api direct ≥ ${min} × the FastAPI peer's req/s, no errors`,
      measured: row ? `${row.ratio} ×, ${errors} errors` : why,
      pass: row ? row.ratio >= min && errors === 0 : undefined,
    };
  });
  checks.push({
    target: `get through the router ≥ ${ROUTER_GET_TARGET} × the api direct, no errors`,
    measured: rows ? `${rows.routerRatio} ×, ${errorsOf(rows.routerGet)} errors` : why,
    pass: rows ? rows.routerRatio >= ROUTER_GET_TARGET && errorsOf(rows.routerGet) === 0 : undefined,
  });
  return checks;
}
