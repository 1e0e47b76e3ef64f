import { compilePathPattern, rulesByPriority, type ListenerRule, type TargetGroupName } from '@picus/infra';

interface CompiledRule {
  readonly priority: number;
  readonly methods?: ReadonlySet<string>;
  readonly paths: readonly RegExp[];
  readonly targetGroup: TargetGroupName;
}

/** Evaluates listener rules as ALB does: lowest priority first, every condition must match. */
export function createRuleMatcher(rules: readonly ListenerRule[]) {
  const compiled: CompiledRule[] = rulesByPriority(rules).map((rule) => ({
    priority: rule.priority,
    ...(rule.conditions.methods ? { methods: new Set(rule.conditions.methods) } : {}),
    paths: rule.conditions.paths.map(compilePathPattern),
    targetGroup: rule.targetGroup,
  }));

  return {
    /** The target group for this request, or undefined for the listener's default action. */
    match(method: string, path: string): TargetGroupName | undefined {
      for (const rule of compiled) {
        if (rule.methods && !rule.methods.has(method)) continue;
        if (rule.paths.some((pattern) => pattern.test(path))) return rule.targetGroup;
      }
      return undefined;
    },
  };
}
