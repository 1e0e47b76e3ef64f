#!/usr/bin/env node
// Checks every pact in contracts/pacts/ against openapi.yaml, the free stand-in for PactFlow's
// bi-directional contract check. Fails (exit 1) when an interaction uses a path, method, query
// parameter, header, field, status or content type the spec lacks, and when an operation in the
// spec has no interaction at all (the pacts must cover the whole API).
//
// Usage: node contracts/scripts/check-pacts-against-spec.mjs [spec] [pact...]
//   defaults: openapi.yaml at the repo root, every contracts/pacts/*.json
//
// @pactflow/swagger-mock-validator bundles its dependencies (ajv included) into dist/, so the
// patch-package postinstall that npm 11 skips does not change what runs here.
import { SwaggerMockValidatorFactory } from '@pactflow/swagger-mock-validator';
import { readdirSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const contractsDir = resolve(fileURLToPath(new URL('..', import.meta.url)));
const repoRoot = resolve(contractsDir, '..');
const [specArg, ...pactArgs] = process.argv.slice(2);
const specPath = resolve(specArg ?? resolve(repoRoot, 'openapi.yaml'));
const pactsDir = resolve(contractsDir, 'pacts');
const pactPaths = pactArgs.length > 0 ? pactArgs.map((path) => resolve(path)) : listPacts(pactsDir);
const show = (path) => relative(process.cwd(), path) || path;

if (pactPaths.length === 0) {
  console.error(`✗ No pact files in ${show(pactsDir)}. Run the consumer tests first (npm run test:consumer -w contracts).`);
  process.exit(1);
}

console.log(`Checking ${pactPaths.length} pact file(s) against ${show(specPath)}`);
const validator = SwaggerMockValidatorFactory.create();
let failed = false;

for (const pactPath of pactPaths) {
  // additionalPropertiesInResponse false: a field in a pact response the spec does not declare fails.
  // requiredPropertiesInResponse false: a pact may leave out required fields the consumer ignores.
  const outcome = await validator.validate({
    specPathOrUrl: specPath,
    mockPathOrUrl: pactPath,
    additionalPropertiesInResponse: 'false',
    requiredPropertiesInResponse: 'false',
  });
  const interactions = readInteractions(pactPath);
  if (outcome.errors.length === 0) {
    console.log(`✓ ${show(pactPath)}: ${interactions.filter(isHttp).length} HTTP interaction(s) compatible with the spec`);
  } else {
    failed = true;
    console.log(`✗ ${show(pactPath)}: ${outcome.errors.length} incompatibility(ies) with the spec`);
  }
  for (const finding of [...outcome.errors, ...outcome.warnings]) {
    const mark = finding.type === 'error' ? '  ✗' : '  !';
    console.log(
      `${mark} [${finding.code}] "${finding.mockDetails?.interactionDescription ?? '?'}" (${describeStates(interactions, finding.mockDetails?.location)})\n` +
        `      ${finding.message}\n` +
        `      pact: ${finding.mockDetails?.location ?? '?'}   spec: ${finding.specDetails?.location ?? '?'}`,
    );
  }
  if (outcome.errors.length === 0 && !outcome.success) {
    failed = true;
    console.log(`  ✗ ${outcome.failureReason ?? 'the validator reported failure without details'}`);
  }
}

const uncovered = uncoveredOperations(parse(readFileSync(specPath, 'utf8')), pactPaths.flatMap(readInteractions).filter(isHttp));
if (uncovered.length > 0) {
  failed = true;
  console.log(`✗ Operations in the spec with no interaction in any pact: ${uncovered.join(', ')}`);
} else {
  console.log('✓ Every operation in the spec has at least one interaction');
}

if (failed) {
  console.error('\nThe pacts and openapi.yaml disagree: fix the spec, the client, or the consumer tests.');
  process.exit(1);
}

function listPacts(dir) {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => resolve(dir, name));
  } catch {
    return [];
  }
}

/** Every interaction, in file order (the validator's locations index into this list). */
function readInteractions(pactPath) {
  return JSON.parse(readFileSync(pactPath, 'utf8')).interactions ?? [];
}

function isHttp(interaction) {
  return interaction.type === undefined || interaction.type === 'Synchronous/HTTP';
}

/**
 * The validator reads only V2/V3 `providerState`, so for V4 pacts it reports "[none]"; name the
 * states from the interaction its location points at instead.
 */
function describeStates(interactions, location) {
  const index = /^\[root\]\.interactions\[(\d+)\]/.exec(location ?? '')?.[1];
  const states = index === undefined ? undefined : interactions[Number(index)]?.providerStates;
  if (!states || states.length === 0) return 'no provider state';
  return `given ${states.map((state) => `"${state.name}" ${JSON.stringify(state.params ?? {})}`).join(' and ')}`;
}

/** `operationId (METHOD path)` of every operation no interaction calls. */
function uncoveredOperations(spec, interactions) {
  const missing = [];
  for (const [template, item] of Object.entries(spec.paths ?? {})) {
    // Template parameters match one path segment, as in OpenAPI.
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
      const operation = item[method];
      if (!operation) continue;
      const covered = interactions.some(
        (interaction) => interaction.request.method.toLowerCase() === method && pattern.test(interaction.request.path),
      );
      if (!covered) missing.push(`${operation.operationId ?? '(no operationId)'} (${method.toUpperCase()} ${template})`);
    }
  }
  return missing;
}
