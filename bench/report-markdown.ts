import type { BatchWindow } from './batch-counts.js';
import { LAMBDA_NODE_OPTIONS } from './cold-init.js';
import { describeColdInitRatio } from './lambda-cold-init-ratio.js';
import type { MarshallingCost } from './marshalling.js';
import { describePeerComparison, type PeerComparison, type WrkResult } from './peer-compare.js';
import { STATS_SOURCE } from './proc-stats.js';
import { slowVcpu, SLOW_VCPU_SPEED, type BenchReport, type ScenarioResult, type TargetCheck } from './report.js';
import type { SdkFloor } from './sdk-floor-measure.js';
import { round } from './stats.js';

const number = (value: number) => value.toLocaleString('en');

/** Above this much CPU (% of one core) used by processes outside the bench, a row is marked noisy. */
export const NOISY_OTHER_CPU_PERCENT = 15;

/** The scenario table alone (bench/README.md carries it too). */
export function scenarioTable(scenarios: readonly ScenarioResult[]): string {
  const rows = [
    '| scenario | via | req/s | p50 ms | p99 ms | errors | non-2xx | CPU µs/req | RSS peak MB | router CPU µs/req | keys per DynamoDB call | load gen / other CPU % | vCPU speed |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const scenario of scenarios) {
    const served = scenario.processes[scenario.servedBy];
    const router = scenario.via === 'router' ? scenario.processes.router?.cpuUsPerRequest : undefined;
    const shares = scenario.shares
      ? ` (${Object.entries(scenario.shares)
          .map(([kind, share]) => `${share}% ${kind}`)
          .join(', ')})`
      : '';
    rows.push(
      `| ${scenario.name}${shares} | ${scenario.via} | ${number(scenario.requestsPerSecond)} | ${scenario.latencyMs.p50} | ${scenario.latencyMs.p99} | ${scenario.errors} | ${scenario.non2xx} | ` +
        `${served ? `${number(served.cpuUsPerRequest)} (${scenario.servedBy})` : '–'} | ${served ? `${round(served.rssPeakMiB, 0)} (${scenario.servedBy})` : '–'} | ${router === undefined ? '–' : number(router)} | ${batchCell(scenario.batches)} | ${scenario.loadGeneratorCpuPercent} / ${scenario.otherCpuPercent}${scenario.otherCpuPercent > NOISY_OTHER_CPU_PERCENT ? ' ⚠' : ''} | ${scenario.vcpuSpeed ?? '–'}${slowVcpu(scenario) ? ' ⚠' : ''} |`,
    );
  }
  return rows.join('\n');
}

/** Mean keys per BatchGetItem (get) and items per BatchWriteItem (put) during the run. */
function batchCell(batches: BatchWindow | undefined): string {
  if (!batches) return '–';
  const parts = [];
  if (batches.reads.calls > 0) parts.push(`get ${batches.reads.keysPerCall}`);
  if (batches.writes.calls > 0) parts.push(`put ${batches.writes.keysPerCall}`);
  return parts.join(', ') || '–';
}

export function targetTable(targets: readonly TargetCheck[]): string {
  const rows = ['| target | measured | result |', '|---|---|---|'];
  for (const check of targets)
    rows.push(`| ${check.target} | ${check.measured} | ${check.pass === undefined ? 'not measured' : check.pass ? 'pass' : '**miss**'} |`);
  return rows.join('\n');
}

function noisyNote(scenarios: readonly ScenarioResult[]): string[] {
  const noisy = scenarios.filter((scenario) => scenario.otherCpuPercent > NOISY_OTHER_CPU_PERCENT);
  const slow = scenarios.filter(slowVcpu);
  const lines = [
    noisy.length === 0
      ? `Nothing else used the CPU during the run (other CPU ≤ ${NOISY_OTHER_CPU_PERCENT} % of a core in every row).`
      : `⚠ ${noisy.length} of ${scenarios.length} rows ran while processes outside the bench used more than ${NOISY_OTHER_CPU_PERCENT} % of a core: read them as low bounds, or run again on a quiet machine.`,
    slow.length === 0
      ? `The vCPUs ran at full speed throughout (vCPU speed ≥ ${SLOW_VCPU_SPEED} in every row; see bench/vcpu-probe.ts).`
      : `⚠ ${slow.length} of ${scenarios.length} rows ran while the VM's host took CPU time from it (vCPU speed below ${SLOW_VCPU_SPEED}: a fixed piece of work cost more CPU time than at the start of the run, which this guest reports as its own processes' CPU). Their req/s read low and their CPU µs/req high by about that factor; run again when the host is quiet.`,
    '',
  ];
  return lines;
}

function peerLines(peer: PeerComparison | undefined): string[] {
  if (!peer) return [];
  if (!('rows' in peer)) return ["## Beside the seed's FastAPI service", '', describePeerComparison(peer).join(' '), ''];
  const errors = (result: WrkResult) => result.non2xx + result.socket_errors;
  const cells = (result: WrkResult) => `${number(Math.round(result.rps))} | ${result.p99_ms} | ${errors(result)}`;
  return [
    "## Beside the seed's FastAPI service",
    '',
    'The api direct and the peer (`../shared/peer`: FastAPI + boto3, one uvicorn worker) on the same embedded DynamoDB table, ' +
      "loaded in turn by wrk at 50 connections with the peer's own script (bench/peer-compare.ts); the targets are above.",
    '',
    '| route | api req/s | api p99 ms | api errors | peer req/s | peer p99 ms | peer errors | api / peer |',
    '|---|--:|--:|--:|--:|--:|--:|--:|',
    ...peer.rows.map((row) => `| ${row.route} | ${cells(row.api)} | ${cells(row.peer)} | ${row.ratio} × |`),
    '',
    `Get through the router: ${number(Math.round(peer.routerGet.rps))} req/s (p99 ${peer.routerGet.p99_ms} ms, ${errors(peer.routerGet)} errors), ${peer.routerRatio} × the api direct (${number(Math.round(peer.apiGet.rps))} req/s). ` +
      `A bare node:http proxy to the same api (bench/bare-proxy.ts: no rules, headers or access log) reached ${number(Math.round(peer.bareProxyGet.rps))} req/s, ${peer.bareProxyRatio} ×: ` +
      "what any Node proxy sharing these cores with the load generator, the api and DynamoDB reaches. The turns are taken in rotation, five of each; a rate is the median turn, a ratio the median of each round's ratio to the api turn beside it.",
    '',
  ];
}

function sdkFloorLines(floor: SdkFloor | undefined): string[] {
  if (!floor) return [];
  return [
    '## SDK floor',
    '',
    `GetItem on one item, ${floor.concurrency} in flight, in a process of its own with nothing else under load: ` +
      `through the DynamoDB document client as the api builds it, **${number(floor.sdk.callsPerSecond)}/s at ${floor.sdk.cpuUsPerCall} µs of CPU a call**; ` +
      `as raw HTTP, ${number(floor.raw.callsPerSecond)}/s at ${floor.raw.cpuUsPerCall} µs. ` +
      'The difference is the SDK’s own work (middleware stack, signing, serialization), paid by every DynamoDB call before Express or validation add anything. ' +
      (floor.batchGet100
        ? `The same reads as BatchGetItem calls of ${floor.batchGet100.keysPerCall} keys through the base client the item store uses: **${floor.batchGet100.cpuUsPerItem} µs of CPU an item** (${number(floor.batchGet100.callsPerSecond)} calls/s): the cost is per call, which is why the store batches.`
        : ''),
    '',
  ];
}

function marshallingLines(costs: readonly MarshallingCost[]): string[] {
  if (costs.length === 0) return [];
  return [
    '## Marshalling',
    '',
    'The payload codec (JSON ⇄ DynamoDB map, core/src/payload-codec.ts), encode + decode per item, in the bench process before any load, against JSON text (`JSON.stringify` + `JSON.parse`, the stored form before payloads became maps):',
    '',
    '| payload | JSON bytes | map µs/item | text µs/item |',
    '|---|--:|--:|--:|',
    ...costs.map((cost) => `| ${cost.payload} | ${number(cost.bytes)} | ${cost.mapUs} | ${cost.textUs} |`),
    '',
  ];
}

export function renderMarkdown(report: BenchReport): string {
  const { machine, settings, lambdaColdInit, stackUp } = report;
  const ratioRows = Object.entries(report.ratios).map(([name, value]) => `| ${name} | ${value === undefined ? '–' : `${value} ×`} |`);
  const upLine = stackUp.skipped
    ? `- \`make up\` to healthy: skipped (${stackUp.skipped}).`
    : `- \`make up\` to healthy (\`stack-cli up\` wall time, fixed ports, then \`down\`; the first run also creates the table): median **${round((stackUp.medianWallMs ?? 0) / 1000, 2)} s** over ${stackUp.wallMs.length} runs (${stackUp.wallMs.map((ms) => `${round(ms / 1000, 2)} s`).join(', ')}; the CLI's own count: ${stackUp.reportedMs.map((ms) => `${round(ms / 1000, 1)} s`).join(', ')}).`;
  return [
    '# Picus benchmarks',
    '',
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.date}.`,
    '',
    `Command: \`make bench\` (autocannon ${settings.autocannon}, ${settings.connections} connections, ${settings.warmupS} s warm-up then ${settings.durationS} s or ${number(settings.maxRequests)} requests per scenario, whichever ends first; ` +
      `LOG_LEVEL=${settings.logLevel} ${settings.logLevelNote}; the handlers as deployed, NODE_ENV=production, unless the row says development). ` +
      'The load generator, the router, the api, the Lambda host and DynamoDB all share these cores. Total run: ' +
      `${report.totalSeconds} s.`,
    '',
    'Via: `api` is the api directly, `delete-fn` the Lambda host directly, `router` the ALB emulator in front of both. ' +
      `CPU µs/req is the CPU time (user + system, from ${STATS_SOURCE}) the serving process spent during the run divided by the responses; RSS peak is its highest resident set size sampled every 100 ms. ` +
      'Keys per DynamoDB call: the mean keys per BatchGetItem (get) and items per BatchWriteItem (put) the api sent during the row (a lone request goes out alone, so 1 means no coalescing). ' +
      'The last column is the CPU, in % of one core, of the load generator (autocannon in the bench process) and of every process outside the bench: ' +
      `with ${machine.cores} cores measured here, a load generator near 100 % bounds the run, and "other" above ~10 % means something else ran beside the bench and the row reads low. ` +
      `vCPU speed: the CPU time a fixed piece of work took at the start of the run${report.vcpuProbeReferenceUs ? ` (${report.vcpuProbeReferenceUs} µs)` : ''} divided by what it took during the row (bench/vcpu-probe.ts); 1 means the host gave this VM its CPUs in full.`,
    '',
    scenarioTable(report.scenarios),
    '',
    ...report.scenarios.filter((scenario) => scenario.note).map((scenario) => `- ${scenario.name} via ${scenario.via}: ${scenario.note}.`),
    ...(report.scenarios.some((scenario) => scenario.note) ? [''] : []),
    ...noisyNote(report.scenarios),
    '## Targets',
    '',
    targetTable(report.targets),
    '',
    '## Ratios (this run)',
    '',
    '| ratio | value |',
    '|---|--:|',
    ...ratioRows,
    '',
    ...peerLines(report.peer),
    ...sdkFloorLines(report.sdkFloor),
    ...marshallingLines(report.marshalling),
    '## Start-up',
    '',
    lambdaColdInit.runs.length === 0
      ? '- Lambda cold init: not measured (`bench/lambda-cold-init.mjs` failed; see the run output).'
      : `- Lambda cold init (\`bench/lambda-cold-init.mjs\` with the deployed NODE_OPTIONS (${LAMBDA_NODE_OPTIONS ? `\`${LAMBDA_NODE_OPTIONS}\`` : 'none'}), ${lambdaColdInit.runs.length} fresh processes): median **${lambdaColdInit.medianColdInitMs} ms** (load ${lambdaColdInit.medianLoadMs} ms + first invoke ${lambdaColdInit.medianFirstInvokeMs} ms; CPU ${lambdaColdInit.medianColdInitCpuMs} ms); warm invoke ${lambdaColdInit.medianWarmInvokeMs} ms.`,
    ...(report.coldInitRatio
      ? [
          `- Lambda cold init against an SDK-only DeleteItem handler (bench/sdk-delete-handler.ts): ${describeColdInitRatio(report.coldInitRatio)}.`,
        ]
      : []),
    upLine,
    `- RSS right after start-up, before any load (MB): ${Object.entries(report.idleRssMiB)
      .map(([name, mib]) => `${name} ${Math.round(mib)}`)
      .join(', ')}; the api runs with \`${report.apiNodeOptions}\`.`,
    '',
  ].join('\n');
}
