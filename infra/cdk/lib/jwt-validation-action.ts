import { ListenerAction } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { RequiredClaim } from '../../src/required-claims.js';

/**
 * ALB's `jwt-validation` action, then `next`. aws-cdk-lib's `ListenerAction.authenticateJwt` has no
 * additional claims yet, so this renders the CloudFormation action itself (`JwtValidationConfig`
 * with `AdditionalClaims`); the listener must be HTTPS, which the stack checks before it gets here.
 */
export class JwtValidationAction extends ListenerAction {
  constructor(config: { issuer: string; jwksUrl: string; requiredClaims: readonly RequiredClaim[] }, next: ListenerAction) {
    super(
      {
        type: 'jwt-validation',
        jwtValidationConfig: {
          issuer: config.issuer,
          jwksEndpoint: config.jwksUrl,
          ...(config.requiredClaims.length
            ? {
                additionalClaims: config.requiredClaims.map((claim) => ({
                  name: claim.name,
                  format: claim.format,
                  values: [...claim.values],
                })),
              }
            : {}),
        },
      },
      next,
    );
  }
}
