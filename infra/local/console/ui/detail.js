import { api, el, pretty, statusClass } from './dom.js';

const pane = document.querySelector('#detail');

/** What a span's bar and label say: for a DynamoDB call, its operation, key or batch size, outcome and attempts. */
function spanLabel(span) {
  const a = span.attributes;
  if (a['rpc.service'] === 'DynamoDB') {
    const what =
      a['picus.dynamodb.key'] ??
      (a['picus.dynamodb.batch_size'] !== undefined
        ? `${a['picus.dynamodb.batch_size']} keys`
        : a['aws.dynamodb.limit'] !== undefined
          ? `limit ${a['aws.dynamodb.limit']}`
          : '');
    return [
      `DynamoDB ${a['rpc.method']} `,
      el(
        'small',
        {},
        `${what} → ${a['picus.outcome'] ?? span.status}${a['picus.dynamodb.attempts'] > 1 ? ` (${a['picus.dynamodb.attempts']} attempts)` : ''}`,
      ),
    ];
  }
  const extra = a['alb.rule']
    ? ` rule ${a['alb.rule']}`
    : a['faas.name']
      ? ` ${a['lambda.outcome'] ?? ''}${a['faas.coldstart'] ? ' cold' : ''}`
      : a['http.route']
        ? ''
        : '';
  return [`${span.service} `, el('small', {}, `${span.name}${extra}`)];
}

function barClass(span) {
  if (span.status === 'error') return 'error';
  if (span.attributes['rpc.service'] === 'DynamoDB') return 'dynamodb';
  return span.service;
}

function waterfall(spans) {
  const total = Math.max(1, ...spans.map((span) => span.offsetMs + span.durationMs));
  return el(
    'div',
    { class: 'waterfall', 'data-testid': 'waterfall' },
    spans.map((span) =>
      el(
        'div',
        { class: 'span-row', 'data-span': span.name, 'data-service': span.service },
        el(
          'div',
          { class: 'span-label', style: { paddingLeft: `${span.depth * 12}px` }, title: JSON.stringify(span.attributes, null, 1) },
          spanLabel(span),
        ),
        el(
          'div',
          { class: 'span-track' },
          el('div', {
            class: `span-bar ${barClass(span)}`,
            style: { left: `${(Math.max(0, span.offsetMs) / total) * 100}%`, width: `${(span.durationMs / total) * 100}%` },
          }),
        ),
        el('div', { class: 'span-ms' }, `${span.durationMs.toFixed(1)} ms`),
      ),
    ),
  );
}

function exchange(title, side, testId) {
  const headers = side.headers
    ? Object.entries(side.headers)
        .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(', ') : value}`)
        .join('\n')
    : '(not captured)';
  const body =
    side.body === undefined
      ? side.bodySize === 0
        ? '(empty)'
        : '(not captured)'
      : side.encoding === 'base64'
        ? `(base64) ${side.body}`
        : pretty(side.body);
  return el(
    'div',
    { 'data-testid': testId },
    el(
      'h3',
      {},
      title,
      side.truncated
        ? el('span', { class: 'cut', title: `The body was ${side.bodySize} bytes; the console keeps the first 16 KiB.` }, 'cut')
        : null,
    ),
    el('pre', {}, headers),
    el('pre', {}, body),
  );
}

function lambdaSection(lambda) {
  if (!lambda) return null;
  return el(
    'div',
    { 'data-testid': 'lambda' },
    el('h3', {}, 'ALB event the Lambda received', lambda.eventTruncated ? el('span', { class: 'cut' }, 'cut') : null),
    el('pre', { 'data-testid': 'alb-event' }, lambda.event ? pretty(lambda.event) : '(none)'),
    el(
      'h3',
      {},
      `Result it returned${lambda.outcome ? ` (${lambda.outcome})` : ''}`,
      lambda.resultTruncated ? el('span', { class: 'cut' }, 'cut') : null,
    ),
    el('pre', { 'data-testid': 'lambda-result' }, lambda.result ? pretty(lambda.result) : '(none)'),
  );
}

async function replay(traceId, output) {
  output.hidden = false;
  output.textContent = 'sending…';
  try {
    const result = await api(`/api/requests/${traceId}/replay`, { method: 'POST' });
    output.textContent = `Sent again: ${result.status}, request id ${result.requestId}${result.notes.length ? `\n${result.notes.join('\n')}` : ''}`;
  } catch (error) {
    output.textContent = `Not sent: ${error.message}`;
  }
}

export async function showDetail(traceId) {
  let detail;
  try {
    detail = await api(`/api/requests/${traceId}`);
  } catch (error) {
    pane.hidden = false;
    pane.replaceChildren(el('p', { class: 'muted' }, error.message));
    return;
  }
  const { row } = detail;
  const replayOutput = el('pre', { class: 'result', hidden: true, 'data-testid': 'replay-result' });
  pane.hidden = false;
  const sections = [
    el('h3', {}, `${row.method} ${row.path} `, el('span', { class: statusClass(row.status) }, row.status ?? '…')),
    el(
      'dl',
      { class: 'kv', 'data-testid': 'summary' },
      el('dt', {}, 'listener rule'),
      el('dd', { 'data-testid': 'rule' }, row.rule ?? '–'),
      el('dt', {}, 'target group'),
      el('dd', { 'data-testid': 'target-group' }, row.targetGroup ?? '–'),
      el('dt', {}, 'target'),
      el('dd', {}, row.target ?? '–'),
      el('dt', {}, 'latency'),
      el('dd', {}, `${row.latencyMs.toFixed(2)} ms`),
      el('dt', {}, 'request id'),
      el('dd', {}, row.requestId ?? '–'),
      el('dt', {}, 'trace id'),
      el('dd', {}, row.traceId),
    ),
    el(
      'p',
      {},
      el('button', { 'data-testid': 'replay', onclick: () => replay(traceId, replayOutput) }, 'Replay'),
      ' ',
      el('span', { class: 'muted' }, 'sends it again through the router'),
    ),
    replayOutput,
    el('h3', {}, 'Trace', detail.droppedSpans ? el('span', { class: 'cut' }, `${detail.droppedSpans} spans dropped`) : null),
    waterfall(detail.spans),
    lambdaSection(detail.lambda),
    exchange('Request', detail.request, 'request'),
    exchange('Response', detail.response, 'response'),
  ];
  pane.replaceChildren(...sections.filter(Boolean));
}
