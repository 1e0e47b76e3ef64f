import type { RequestListener } from 'node:http';
import { JWT_REFUSAL_STATUS, WWW_AUTHENTICATE } from '@picus/infra';
import { verifyBearer, type JwtCheck } from './jwt-verifier.js';
import type { Jwk } from './jwks-client.js';
import { LOCAL_ISSUER } from './local-issuer.js';

/**
 * The local issuer's and the verifier's HTTP face, on 127.0.0.1:
 *   GET /.well-known/jwks.json               the local issuer's public key (when it runs)
 *   GET /.well-known/openid-configuration    its issuer and JWKS URL, as an OIDC provider publishes them
 *   GET /verify                              nginx's auth_request: 204 when the Authorization header's
 *                                            token passes the check, else 401 with the challenge nginx relays
 */
export function createAuthServer(options: {
  issuer?: { jwks(): { keys: Jwk[] } };
  check?: JwtCheck;
  onRefused?: (reason: string, detail: string) => void;
}): RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://auth').pathname;
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'max-age=300' }).end(JSON.stringify(body));
    req.resume();
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
    } else if (path === '/.well-known/jwks.json' && options.issuer) {
      json(200, options.issuer.jwks());
    } else if (path === '/.well-known/openid-configuration' && options.issuer) {
      const host = req.headers.host ?? '127.0.0.1';
      json(200, {
        issuer: LOCAL_ISSUER,
        jwks_uri: `http://${host}/.well-known/jwks.json`,
        id_token_signing_alg_values_supported: ['RS256'],
      });
    } else if (path === '/verify' && options.check) {
      void verifyBearer(req.headers.authorization, options.check).then((outcome) => {
        if (outcome.ok) {
          res.writeHead(204).end();
          return;
        }
        options.onRefused?.(outcome.reason, outcome.detail);
        res.writeHead(JWT_REFUSAL_STATUS, { 'www-authenticate': WWW_AUTHENTICATE[outcome.reason] }).end();
      });
    } else {
      json(404, { error: 'not found' });
    }
  };
}
