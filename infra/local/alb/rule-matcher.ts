import { compilePathPattern, describeRule, requiresJwt, rulesByPriority, type ListenerRule, type TargetGroupName } from '@picus/infra';

/** The rule a request matched, as the console shows it. */
export interface MatchedRule {
  readonly priority: number;
  readonly targetGroup: TargetGroupName;
  /** The rule's name, e.g. `10: DELETE /picus/*` (see `describeRule`). */
  readonly description: string;
  /** The rule asks for a verified JWT (enforced only while auth is on). */
  readonly requiresJwt: boolean;
}

interface CompiledRule extends MatchedRule {
  readonly methods?: ReadonlySet<string>;
  readonly paths: readonly RegExp[];
}

/** Evaluates listener rules as ALB does: lowest priority first, every condition must match. */
export function createRuleMatcher(rules: readonly ListenerRule[]) {
  const compiled: CompiledRule[] = rulesByPriority(rules).map((rule) => ({
    priority: rule.priority,
    ...(rule.conditions.methods ? { methods: new Set(rule.conditions.methods) } : {}),
    paths: rule.conditions.paths.map(compilePathPattern),
    targetGroup: rule.targetGroup,
    description: describeRule(rule),
    requiresJwt: requiresJwt(rule),
  }));

  const matchRule = (method: string, path: string): MatchedRule | undefined => {
    for (const rule of compiled) {
      if (rule.methods && !rule.methods.has(method)) continue;
      if (rule.paths.some((pattern) => pattern.test(path))) return rule;
    }
    return undefined;
  };

  return {
    /** The rule that matches this request, or undefined for the listener's default action. */
    matchRule,
    /** The target group for this request, or undefined for the listener's default action. */
    match: (method: string, path: string): TargetGroupName | undefined => matchRule(method, path)?.targetGroup,
  };
}
