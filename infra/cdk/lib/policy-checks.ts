import {
  Validations,
  type App,
  type IPolicyValidationContextBeta1,
  type IPolicyValidationPluginBeta1,
  type PolicyValidationPluginReportBeta1,
} from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** cfn-guard's plugin name, which prefixes the rule ids its findings are acknowledged by. */
const GUARD_PLUGIN = 'cdk-validator-cfnguard';

/**
 * The policy checks every synth runs: cdk-nag's AWS Solutions rules and cfn-guard with AWS Control
 * Tower's proactive rules (the binary ships in the npm package, so this runs offline). Any finding
 * not acknowledged in code fails the synth with a report naming the construct and the rule.
 */
export function addPolicyChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new StrictCfnGuardValidator());
}

/**
 * cfn-guard's plugin reports violations without a severity. When some findings of a report are
 * acknowledged, aws-cdk-lib re-judges the report by severity alone, so the remaining ones would
 * then pass with only a printed warning. Marking each as an error keeps an unacknowledged finding
 * fatal (cdk-policy.test.ts pins this).
 */
class StrictCfnGuardValidator implements IPolicyValidationPluginBeta1 {
  private readonly guard = new CfnGuardValidator({ controlTowerRulesEnabled: true });
  readonly name = this.guard.name;
  readonly version = this.guard.version;
  readonly ruleIds = this.guard.ruleIds;

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const report = this.guard.validate(context);
    return { ...report, violations: report.violations.map((violation) => ({ ...violation, severity: violation.severity ?? 'error' })) };
  }
}

/**
 * Accepts one cfn-guard (Control Tower) rule for `scope` and everything under it, with the reason;
 * the reason is recorded in the construct metadata and in the synth's validation report.
 */
export function acknowledgeGuardRule(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${GUARD_PLUGIN}::${rule}`, reason });
}

/** Reasons given more than once. */
export const SHARED_REASONS = {
  logsEncryptedByDefault:
    'CloudWatch Logs encrypts every log group at rest with a service key; a customer-managed key would add a key policy and cost without protecting anything these logs hold (paths, ids, statuses and timings; never payloads).',
  disposableRetention:
    'A disposable stage (dev, test, pr-*) keeps logs briefly on purpose, so a forgotten test stack does not accumulate cost; production-like stages keep them a year.',
} as const;
