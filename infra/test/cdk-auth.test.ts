import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { requiresJwt, rulesByPriority } from '../src/topology.js';
import { AUTH_CONTEXT, CERTIFICATE_ARN, synth } from './cdk-support.js';

/** Each test synthesizes a stack or more: seconds each, more on a busy machine. */
const SYNTH_TIMEOUT_MS = 90_000;

type Rule = { Priority: number; Actions: Array<{ Type: string; Order: number; JwtValidationConfig?: Record<string, unknown> }> };
const rulesOf = (template: ReturnType<typeof synth>['template']) =>
  Object.values(template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule')).map((resource) => resource.Properties as Rule);

describe('JWT validation on the listener rules', () => {
  it(
    'when a production-like stage has an issuer and a JWKS URL, then the write and delete rules validate a JWT before forwarding, and the reads do not',
    () => {
      const { template } = synth({
        stage: 'prod',
        certificateArn: CERTIFICATE_ARN,
        ...AUTH_CONTEXT,
        authAudience: 'picus-api',
        authScope: 'items:write',
      });
      const byPriority = new Map(rulesOf(template).map((rule) => [rule.Priority, rule]));
      for (const rule of rulesByPriority()) {
        const actions = byPriority.get(rule.priority)?.Actions ?? [];
        if (requiresJwt(rule)) {
          expect(
            actions.map((action) => [action.Type, action.Order]),
            `rule ${rule.priority}`,
          ).toEqual([
            ['jwt-validation', 1],
            ['forward', 2],
          ]);
          expect(actions[0]?.JwtValidationConfig).toEqual({
            Issuer: AUTH_CONTEXT.authIssuer,
            JwksEndpoint: AUTH_CONTEXT.authJwksUrl,
            AdditionalClaims: [
              { Name: 'aud', Format: 'string-array', Values: ['picus-api'] },
              { Name: 'scope', Format: 'space-separated-values', Values: ['items:write'] },
            ],
          });
        } else {
          expect(
            actions.map((action) => action.Type),
            `rule ${rule.priority}`,
          ).toEqual(['forward']);
        }
      }
      expect(
        rulesByPriority()
          .filter(requiresJwt)
          .map((rule) => `${rule.conditions.methods?.join(',')} ${rule.conditions.paths.join(',')}`),
      ).toEqual(['DELETE /picus/*', 'POST /picus/put']);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'when a production-like stage has no auth settings, then synth fails with one line naming what to pass',
    () => {
      expect(() => synth({ stage: 'prod', certificateArn: CERTIFICATE_ARN })).toThrow(
        /^Stage "prod" needs JWT settings for writes and deletes: pass -c authIssuer=https:\/\/… -c authJwksUrl=https:\/\/… \(or -c auth=none to leave them open\)\.$/,
      );
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'when a production-like stage says auth=none, then it synthesizes with open rules and a warning',
    () => {
      const { template, stack } = synth({ stage: 'prod', certificateArn: CERTIFICATE_ARN, auth: 'none' });
      expect(rulesOf(template).flatMap((rule) => rule.Actions.map((action) => action.Type))).not.toContain('jwt-validation');
      Annotations.fromStack(stack).hasWarning(
        '*',
        Match.stringLikeRegexp('auth=none: anyone who finds the URL may create and delete items'),
      );
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'when a disposable stage has no auth settings, then every rule just forwards',
    () => {
      const { template } = synth({ stage: 'dev' });
      expect(rulesOf(template).flatMap((rule) => rule.Actions.map((action) => action.Type))).not.toContain('jwt-validation');
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'when a disposable stage has auth settings but no certificate, then synth fails: ALB validates JWTs on HTTPS listeners only',
    () => {
      expect(() => synth({ stage: 'dev', ...AUTH_CONTEXT })).toThrow(/needs an HTTPS listener/);
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'when the JWKS URL is not https, or a required claim is one ALB checks anyway, then synth says which setting is wrong',
    () => {
      expect(() =>
        synth({ stage: 'prod', certificateArn: CERTIFICATE_ARN, ...AUTH_CONTEXT, authJwksUrl: 'http://issuer.example.com/jwks' }),
      ).toThrow(/"authJwksUrl" must be an https:\/\/ URL/);
      expect(() =>
        synth({
          stage: 'prod',
          certificateArn: CERTIFICATE_ARN,
          ...AUTH_CONTEXT,
          authClaims: '[{"name":"exp","format":"single-string","values":["1"]}]',
        }),
      ).toThrow(/"exp" cannot be a required claim/);
      expect(() => synth({ stage: 'prod', certificateArn: CERTIFICATE_ARN, authIssuer: 'https://issuer.example.com' })).toThrow(
        /go together/,
      );
    },
    SYNTH_TIMEOUT_MS,
  );
});
