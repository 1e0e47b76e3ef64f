import { ListenerCondition } from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { requiresJwt, rulesByPriority, type ListenerRule, type TargetGroupName } from '../../src/topology.js';

export interface ListenerRuleProps {
  readonly priority: number;
  readonly conditions: ListenerCondition[];
  readonly targetGroup: TargetGroupName;
  /** The rule verifies a JWT before forwarding, when the stage has auth settings. */
  readonly requiresJwt: boolean;
}

/** The topology's listener rules as ALB listener rule settings: method and path-pattern conditions. */
export function listenerRuleProps(rules: readonly ListenerRule[]): ListenerRuleProps[] {
  return rulesByPriority(rules).map((rule) => ({
    priority: rule.priority,
    conditions: [
      ...(rule.conditions.methods ? [ListenerCondition.httpRequestMethods([...rule.conditions.methods])] : []),
      ListenerCondition.pathPatterns([...rule.conditions.paths]),
    ],
    targetGroup: rule.targetGroup,
    requiresJwt: requiresJwt(rule),
  }));
}
