#!/usr/bin/env node
// Checks before a deploy, so a missing prerequisite is a clear sentence, not a CDK stack trace.
//   preflight.mjs aws         AWS credentials resolve (make diff, destroy, bootstrap)
//   preflight.mjs deploy      credentials, a Docker engine, a real (not stand-in) base image and a
//                             scoped CDK bootstrap (make deploy; deploy-prerequisites.mjs)
//   preflight.mjs localstack  LocalStack answers on its edge port (make deploy-local)
//   preflight.mjs url FILE    prints the Url output of a deploy (cdk --outputs-file)
//   preflight.mjs url-only FILE   the same URL alone, for scripts (CI's smoke test)
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { readFileSync } from 'node:fs';
import { bootstrapProblems, dockerProblems } from './deploy-prerequisites.mjs';

const [mode, file] = process.argv.slice(2);

if (mode === 'aws' || mode === 'deploy') {
  try {
    // Short timeouts: on a laptop without credentials the instance-metadata probe would otherwise wait.
    await defaultProvider({ timeout: 1000, maxRetries: 0 })();
  } catch {
    console.error(`No AWS credentials found, so there is nothing to deploy to.
Configure them in one of these ways, then run the command again:
  - aws configure                         (access keys in ~/.aws/credentials)
  - aws sso login --profile NAME; export AWS_PROFILE=NAME
  - export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… [AWS_SESSION_TOKEN=…]
The account must be bootstrapped once for CDK: make bootstrap (docs/cloud-guardrails.md).
To try everything without an account: make up (local stack) or make deploy-local (LocalStack).`);
    process.exit(1);
  }
  if (mode === 'deploy') {
    const problems = [...(await dockerProblems()), ...(await bootstrapProblems())];
    if (problems.length > 0) {
      console.error(problems.join('\n'));
      process.exit(1);
    }
  }
} else if (mode === 'docker') {
  // The Docker half of `deploy` alone, for checking a machine before it holds credentials.
  const problems = await dockerProblems();
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
} else if (mode === 'localstack') {
  const endpoint = process.env.LOCALSTACK_ENDPOINT ?? 'http://localhost:4566';
  const healthy = await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(3000) }).then(
    (r) => r.ok,
    () => false,
  );
  if (!healthy) {
    console.error(`LocalStack does not answer at ${endpoint}.
Start it with Docker Compose: DYNAMODB=localstack STACK=compose make up   (needs a Docker engine and LocalStack's image; 4.14 needs no token)
or point LOCALSTACK_ENDPOINT at a running LocalStack. The embedded stack (make up without Docker)
emulates DynamoDB but is not LocalStack, so CDK cannot deploy to it.`);
    process.exit(1);
  }
} else if (mode === 'url' && file) {
  const outputs = JSON.parse(readFileSync(file, 'utf8'));
  for (const [stack, values] of Object.entries(outputs)) {
    if (values.Url) console.log(`\n  ${stack}: ${values.Url}\n  Try it: curl ${values.Url}/picus/health\n`);
  }
} else if (mode === 'url-only' && file) {
  const url = Object.values(JSON.parse(readFileSync(file, 'utf8'))).find((values) => values.Url)?.Url;
  if (!url) {
    console.error(`No Url output in ${file}`);
    process.exit(1);
  }
  console.log(url);
} else {
  console.error('usage: preflight.mjs aws | deploy | docker | localstack | url FILE | url-only FILE');
  process.exit(2);
}
