#!/usr/bin/env node
// Publishes the pacts to a Pact Broker, has the provider verify the broker's pacts and publish the
// results, then asks the broker's can-i-deploy whether both sides may go to PACT_ENVIRONMENT.
// Without PACT_BROKER_BASE_URL it says why it skips and exits 0, so local runs and forks without
// broker credentials stay green.
//
// Environment:
//   PACT_BROKER_BASE_URL                        the broker (required to do anything)
//   PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD   its credentials
//   PACT_VERSION      version of both pacticipants (default: the git commit)
//   PACT_BRANCH       branch of that version (default: the CI's branch variable, else git's)
//   PACT_ENVIRONMENT  where can-i-deploy checks (default: production)
//
// It talks to the broker's HTTP API with fetch rather than the pact-broker CLI, which pact-js 16
// no longer ships and which is a Ruby (or Docker) dependency these machines do not have.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const contractsDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
const brokerUrl = process.env.PACT_BROKER_BASE_URL?.replace(/\/+$/, '');

if (!brokerUrl) {
  console.log('Skipping pact publishing, broker verification and can-i-deploy: PACT_BROKER_BASE_URL is not set.');
  console.log('Set it (and PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD) to publish; `make contract` already verified the pacts locally.');
  process.exit(0);
}

const version = process.env.PACT_VERSION || git('rev-parse', 'HEAD');
const branch = process.env.PACT_BRANCH || process.env.GITHUB_HEAD_REF || process.env.GITHUB_REF_NAME || git('rev-parse', '--abbrev-ref', 'HEAD');
const environment = process.env.PACT_ENVIRONMENT || 'production';
const headers = { 'content-type': 'application/json', accept: 'application/hal+json', ...authorization() };

const pacts = readdirSync(resolve(contractsDir, 'pacts')).filter((name) => name.endsWith('.json'));
if (pacts.length === 0) fail('No pacts in contracts/pacts/: run `npm run test:consumer -w contracts` first.');

const pacticipants = new Set();
for (const name of pacts) {
  const text = readFileSync(resolve(contractsDir, 'pacts', name), 'utf8');
  const pact = JSON.parse(text);
  const response = await fetch(`${brokerUrl}/contracts/publish`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      pacticipantName: pact.consumer.name,
      pacticipantVersionNumber: version,
      branch,
      contracts: [{ consumerName: pact.consumer.name, providerName: pact.provider.name, specification: 'pact', contentType: 'application/json', content: Buffer.from(text).toString('base64') }],
    }),
  });
  if (!response.ok) fail(`Publishing ${name} failed: ${response.status} ${await response.text()}`);
  pacticipants.add(pact.consumer.name).add(pact.provider.name);
  console.log(`✓ Published ${name} as ${pact.consumer.name} ${version} (branch ${branch})`);
}

console.log('Verifying the broker’s pacts against a fresh embedded stack, publishing the results…');
// Only the stack's verification: the wrong-provider tests check the verifier, not this version.
const verification = spawnSync('npm', ['run', 'test:provider', '--', 'picus-api.provider'], {
  cwd: contractsDir,
  stdio: 'inherit',
  env: { ...process.env, PACT_VERIFY_FROM_BROKER: 'true', PACT_PROVIDER_VERSION: version, PACT_BRANCH: branch },
});
if (verification.status !== 0) fail('Provider verification against the broker’s pacts failed.');

let blocked = false;
for (const pacticipant of pacticipants) {
  const summary = await canIDeploy(pacticipant);
  console.log(`${summary.deployable ? '✓' : '✗'} can-i-deploy ${pacticipant} ${version} to ${environment}: ${summary.reason}`);
  if (!summary.deployable) blocked = true;
}
if (blocked) process.exit(1);

/** Asks the broker, retrying while results are still unknown (they land moments after publishing). */
async function canIDeploy(pacticipant) {
  const query = new URLSearchParams({ pacticipant, version, environment });
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${brokerUrl}/can-i-deploy?${query}`, { headers });
    if (!response.ok) fail(`can-i-deploy for ${pacticipant} failed: ${response.status} ${await response.text()}`);
    const { summary } = await response.json();
    const settled = summary.deployable !== null && !(summary.unknown > 0);
    if (settled || attempt >= 6) return { ...summary, deployable: summary.deployable === true };
    await new Promise((done) => setTimeout(done, 5_000));
  }
}

function authorization() {
  if (process.env.PACT_BROKER_TOKEN) return { authorization: `Bearer ${process.env.PACT_BROKER_TOKEN}` };
  if (process.env.PACT_BROKER_USERNAME) {
    return { authorization: `Basic ${Buffer.from(`${process.env.PACT_BROKER_USERNAME}:${process.env.PACT_BROKER_PASSWORD ?? ''}`).toString('base64')}` };
  }
  return {};
}

function git(...args) {
  return execFileSync('git', args, { cwd: contractsDir, encoding: 'utf8' }).trim();
}

function fail(message) {
  console.error(`✗ ${message}`);
  process.exit(1);
}
