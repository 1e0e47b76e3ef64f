import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repo = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, repo), 'utf8');
/** What make would run for a target, without running it. */
const dryRun = (target: string) =>
  execFileSync('make', ['-n', '--no-print-directory', target], { cwd: repo, encoding: 'utf8', env: { ...process.env, STAGE: 'dev' } });

interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
type PolicyTemplate = {
  Resources: Record<string, { Properties: { ManagedPolicyName: string; PolicyDocument: { Statement: Statement[] } } }>;
};
// The template's !Sub tags are CloudFormation's; read them as plain strings.
const customTags = [
  { tag: '!Sub', resolve: (value: string) => value },
  { tag: '!Ref', resolve: (value: string) => value },
];
const policies = parse(read('infra/bootstrap/cdk-policies.yaml'), { customTags }) as PolicyTemplate;
const policy = (name: string) =>
  Object.values(policies.Resources).find((r) => r.Properties.ManagedPolicyName === name)?.Properties.PolicyDocument.Statement ?? [];

describe('who may change the deploy', () => {
  it('when a change touches .github/, infra/ or docker/, then CODEOWNERS requires the platform owners', () => {
    const rules = read('.github/CODEOWNERS')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => line.trim().split(/\s+/));
    for (const path of ['/.github/', '/infra/', '/docker/']) {
      const rule = rules.find(([pattern]) => pattern === path);
      expect(rule?.slice(1).length, path).toBeGreaterThan(0);
      for (const owner of rule?.slice(1) ?? []) expect(owner).toMatch(/^@[\w-]+(\/[\w-]+)?$/);
    }
  });

  it('when GitHub asks AWS for the deploy role, then the trust policy matches the audience and a list of exact sub values (StringEquals), no wildcard', () => {
    const trust = JSON.parse(read('infra/bootstrap/github-deploy-trust-policy.json')) as { Statement: Statement[] };
    const [statement] = trust.Statement;
    expect(Object.keys(statement?.Condition ?? {})).toEqual(['StringEquals']);
    const equals = statement?.Condition?.StringEquals as Record<string, unknown>;
    expect(equals['token.actions.githubusercontent.com:aud']).toBe('sts.amazonaws.com');
    expect(equals['token.actions.githubusercontent.com:sub']).toEqual([
      'repo:OWNER/REPO:environment:production',
      'repo:OWNER/REPO:environment:production-security',
    ]);
    expect(JSON.stringify(trust)).not.toMatch(/ForAnyValue|StringLike|\*/);
  });
});

describe('make bootstrap and make deploy', () => {
  it('when the account is bootstrapped, then CDK gets the scoped execution policy and the permissions boundary, never AdministratorAccess', () => {
    const commands = dryRun('bootstrap');
    expect(commands).toContain('--template-file infra/bootstrap/cdk-policies.yaml');
    expect(commands).toMatch(
      /cdk bootstrap .*\n?.*--cloudformation-execution-policies "arn:aws:iam::\$account:policy\/picus-cdk-execution"/,
    );
    expect(commands).toContain('--custom-permissions-boundary picus-cdk-boundary');
    expect(commands.indexOf('cloudformation deploy')).toBeLessThan(commands.indexOf('cdk bootstrap'));
    expect(commands).not.toContain('AdministratorAccess');
  });

  it('when the execution policy is read, then it names services, manages only Picus roles and may not attach administrator policies', () => {
    const execution = policy('picus-cdk-execution');
    const actions = execution.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain('*');
    expect(actions).not.toContain('iam:*');
    expect(actions.filter((a) => a.startsWith('iam:') && a !== 'iam:CreateServiceLinkedRole').length).toBeGreaterThan(0);
    for (const statement of execution.filter(
      (s) => s.Effect === 'Allow' && [s.Action].flat().some((a) => a.startsWith('iam:') && a !== 'iam:CreateServiceLinkedRole'),
    )) {
      expect(statement.Resource).toMatch(/:role\/Picus\*$/);
    }
    const deny = execution.find((s) => s.Effect === 'Deny' && s.Action === 'iam:AttachRolePolicy');
    expect(JSON.stringify(deny?.Condition)).toContain('policy/AdministratorAccess');
  });

  it('when the permissions boundary is read, then it denies users, keys and changing the guardrails themselves', () => {
    const boundary = policy('picus-cdk-boundary');
    const denied = boundary.filter((s) => s.Effect === 'Deny').flatMap((s) => [s.Action].flat());
    expect(denied).toEqual(
      expect.arrayContaining(['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreatePolicyVersion', 'iam:DeleteRolePermissionsBoundary']),
    );
  });

  it('when make deploy runs on a laptop, then it runs the full preflight and asks before a broadening change (no --require-approval never)', () => {
    const commands = dryRun('deploy');
    expect(commands).toContain('node infra/scripts/preflight.mjs deploy');
    expect(commands).toContain('cdk deploy');
    expect(commands).not.toContain('--require-approval never');
    expect(commands).toContain('--require-approval broadening');
  });
});

describe('Compose services', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, { image?: string; cap_drop?: string[]; security_opt?: string[] }>;
  };
  // LocalStack is not ours: it runs Lambdas through the engine's socket as root and needs its
  // capabilities (`localstack-lambda` is the same image with that socket, for make deploy-local).
  const ours = Object.keys(compose.services).filter((name) => name !== 'localstack' && name !== 'localstack-lambda');

  it('when a project service starts, then it has no Linux capability and cannot gain privileges (setuid, file capabilities)', () => {
    expect(ours.length).toBeGreaterThanOrEqual(6);
    for (const name of ours) {
      expect(compose.services[name]?.cap_drop, name).toEqual(['ALL']);
      expect(compose.services[name]?.security_opt, name).toEqual(['no-new-privileges:true']);
    }
  });

  it('when the router image is pulled, then it is nginx 1.28 or later, and an offline stand-in under its tag labels the nginx it really holds', () => {
    const [, major, minor] = /^nginxinc\/nginx-unprivileged:(\d+)\.(\d+)-alpine$/.exec(compose.services.router?.image ?? '') ?? [];
    expect(Number(major) * 1000 + Number(minor), compose.services.router?.image).toBeGreaterThanOrEqual(1028);
    const build = read('docker/offline-images/build.sh');
    expect(build).toMatch(
      /LABEL \$LABEL=true \$LABEL\.nginx-version=\\"\$debian_nginx\\" \$LABEL\.source=\\"[^"]*Debian nginx-light \$debian_nginx, standing in for \$nginx_image\\"/,
    );
  });
});
