import { REPO_ROOT } from '@picus/infra';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchReport } from './report.js';

/** Writes a run's report to bench/results/latest.{json,md}. */
export function writeResults(report: BenchReport, markdown: string): void {
  writeResult('latest.json', `${JSON.stringify(report, null, 2)}\n`);
  writeResult('latest.md', markdown);
}

/** Written whole or not at all (a `.tmp` beside it, renamed), so an interrupted run never leaves half a file. */
function writeResult(name: string, contents: string): void {
  const resultsDir = join(REPO_ROOT, 'bench/results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, `${name}.tmp`), contents);
  renameSync(join(resultsDir, `${name}.tmp`), join(resultsDir, name));
}
