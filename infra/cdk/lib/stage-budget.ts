import { Annotations, Tags } from 'aws-cdk-lib';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import { Construct } from 'constructs';

/** The tag every resource of a stage carries; the budget counts the cost of what carries its stage's value. */
export const STAGE_TAG = 'picus-stage';
/** The budget mails when actual spend passes this share of the limit, and when the forecast passes all of it. */
export const BUDGET_NOTIFY_ACTUAL_PERCENT = 80;
export const BUDGET_NOTIFY_FORECAST_PERCENT = 100;

/**
 * A monthly AWS Budgets cost budget for one stage, `picus-<stage>`: tags every resource of the
 * stack with {@link STAGE_TAG} and counts only their cost, and mails the address given when the
 * month's spend passes 80 % of the limit or its forecast passes 100 %. AWS counts a tag only once it
 * is activated as a cost allocation tag (Billing console, once per account; docs/cloud-guardrails.md).
 * Without an address, synth warns: a budget that tells nobody only shows in the console.
 */
export class StageBudget extends Construct {
  readonly budget: CfnBudget;

  constructor(scope: Construct, id: string, props: { stage: string; limitUsd: number; email?: string; tagScope: Construct }) {
    super(scope, id);
    Tags.of(props.tagScope).add(STAGE_TAG, props.stage);
    const subscribers = props.email ? [{ subscriptionType: 'EMAIL', address: props.email }] : [];
    const notify = (notificationType: 'ACTUAL' | 'FORECASTED', threshold: number): CfnBudget.NotificationWithSubscribersProperty => ({
      notification: { notificationType, comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
      subscribers,
    });
    this.budget = new CfnBudget(this, 'Budget', {
      budget: {
        budgetName: `picus-${props.stage}`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.limitUsd, unit: 'USD' },
        costFilters: { TagKeyValue: [`user:${STAGE_TAG}$${props.stage}`] },
      },
      ...(props.email
        ? {
            notificationsWithSubscribers: [
              notify('ACTUAL', BUDGET_NOTIFY_ACTUAL_PERCENT),
              notify('FORECASTED', BUDGET_NOTIFY_FORECAST_PERCENT),
            ],
          }
        : {}),
    });
    if (!props.email) {
      Annotations.of(this).addWarningV2(
        'picus:budget-without-email',
        `The budget picus-${props.stage} notifies nobody: pass -c budgetEmail=… or -c alarmEmail=….`,
      );
    }
  }
}
