// What `make deploy` needs beyond credentials, checked before CDK starts (preflight.mjs deploy):
// a Docker engine (CDK builds the api image), a base image that is the real one, and an account
// bootstrapped by `make bootstrap` (scoped execution policies, not administrator).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

/** docker/offline-images/build.sh labels every stand-in it builds with this. */
export const STAND_IN_LABEL = 'org.picus.offline-stand-in';
/** The execution policy `make bootstrap` creates (infra/bootstrap/cdk-policies.yaml). */
export const EXECUTION_POLICY_NAME = 'picus-cdk-execution';

const run = (command, args, timeout = 15_000) =>
  promisify(execFile)(command, args, { timeout }).then(
    ({ stdout }) => ({ ok: true, stdout: stdout.trim(), stderr: '' }),
    (error) => ({
      ok: false,
      stdout: String(error.stdout ?? '').trim(),
      stderr: String(error.stderr ?? error.message).trim(),
      missing: error.code === 'ENOENT',
    }),
  );

/** The api image's base: the `FROM … AS base` line of docker/Dockerfile. */
export function baseImage(dockerfile = new URL('../../docker/Dockerfile', import.meta.url)) {
  const match = /^FROM\s+(?:--platform=\S+\s+)?(\S+)\s+AS\s+base$/m.exec(readFileSync(dockerfile, 'utf8'));
  if (!match) throw new Error('docker/Dockerfile has no `FROM <image> AS base` line');
  return match[1];
}

/** Problems with Docker and the base image, as sentences; empty when the image can be built for real. */
export async function dockerProblems(image = baseImage()) {
  const info = await run('docker', ['info', '--format', '{{.ServerVersion}}']);
  if (!info.ok) {
    return [
      `No Docker engine answers (\`docker info\`${info.missing ? ': docker is not installed' : ''}). CDK builds the api image from docker/Dockerfile on deploy; start Docker, then run the command again.`,
    ];
  }
  const label = await run('docker', ['image', 'inspect', '--format', `{{index .Config.Labels "${STAND_IN_LABEL}"}}`, image]);
  // Not present locally: the build pulls the real image.
  if (label.ok && label.stdout === 'true') {
    return [
      `The base image ${image} on this engine is an offline stand-in (label ${STAND_IN_LABEL}=true, from make offline-images), not the official image.`,
      `An image built on it must not reach AWS. Remove it and pull the real one: docker image rm ${image} && docker pull ${image}`,
    ];
  }
  return [];
}

/**
 * Problems with the account's CDK bootstrap, read with the AWS CLI (which `make bootstrap` needs
 * too); empty when it is bootstrapped with the scoped execution policy. Without the CLI it says so
 * on stderr and passes: CDK itself stops on a missing bootstrap, only less clearly.
 */
export async function bootstrapProblems(stackName = process.env.CDK_TOOLKIT_STACK ?? 'CDKToolkit') {
  const query = "Stacks[0].Parameters[?ParameterKey=='CloudFormationExecutionPolicies'].ParameterValue";
  const stack = await run('aws', ['cloudformation', 'describe-stacks', '--stack-name', stackName, '--query', query, '--output', 'text']);
  if (stack.missing) {
    console.error('preflight: the AWS CLI is not installed, so the CDK bootstrap was not checked (make bootstrap needs it).');
    return [];
  }
  if (!stack.ok) {
    if (/does not exist/.test(stack.stderr))
      return [
        `This account and region are not bootstrapped for CDK (no ${stackName} stack). Run make bootstrap once (docs/cloud-guardrails.md).`,
      ];
    return [`Could not read the CDK bootstrap stack ${stackName}: ${stack.stderr.split('\n')[0]}`];
  }
  if (!stack.stdout.split(',').some((arn) => arn.endsWith(`:policy/${EXECUTION_POLICY_NAME}`))) {
    return [
      `The CDK bootstrap's CloudFormation execution role has ${stack.stdout || 'AdministratorAccess (the default)'}, not ${EXECUTION_POLICY_NAME}.`,
      'Run make bootstrap to bootstrap again with the scoped policy and the permissions boundary (docs/cloud-guardrails.md).',
    ];
  }
  return [];
}
