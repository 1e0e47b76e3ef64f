import { api, clock, el, statusClass } from './dom.js';
import { showDetail } from './detail.js';
import { loadServices } from './services.js';
import { loadTable } from './table.js';

/** The page keeps at most this many rows, as the console keeps at most this many requests. */
const MAX_ROWS = 1000;
const rows = new Map();
const tbody = document.querySelector('#requests tbody');
const filters = document.querySelector('#filters');
let selected;

for (const button of document.querySelectorAll('nav button')) {
  button.addEventListener('click', () => {
    for (const other of document.querySelectorAll('nav button')) other.classList.toggle('active', other === button);
    for (const tab of document.querySelectorAll('.tab')) tab.classList.toggle('active', tab.id === `tab-${button.dataset.tab}`);
    if (button.dataset.tab === 'services') void loadServices();
    if (button.dataset.tab === 'table') void loadTable();
  });
}

/** The same rules as the server's filter (request-filter.ts), applied to rows as they stream in. */
function matches(row) {
  const status = filters.status.value.trim().toLowerCase();
  const target = filters.target.value.trim();
  const path = filters.path.value.trim();
  if (status) {
    const text = String(row.status ?? '');
    if (/^[1-5]xx$/.test(status) ? !text.startsWith(status[0]) : text !== status) return false;
  }
  if (target && row.targetGroup !== target && !(row.target ?? '').includes(target)) return false;
  if (path && !row.path.includes(path)) return false;
  return true;
}

function rowElement(row) {
  return el(
    'tr',
    {
      'data-trace': row.traceId,
      'data-request-id': row.requestId ?? '',
      class: row.traceId === selected ? 'selected' : undefined,
      onclick: () => select(row.traceId),
    },
    el('td', {}, clock(row.startMs)),
    el('td', {}, row.method),
    el('td', { title: row.path }, row.path),
    el('td', { 'data-col': 'rule' }, row.rule ?? '–'),
    el('td', { 'data-col': 'target-group' }, row.targetGroup ?? '–'),
    el('td', {}, row.target ?? '–'),
    el('td', { class: statusClass(row.status), 'data-col': 'status' }, row.status ?? '…'),
    el('td', {}, row.latencyMs.toFixed(1)),
    el('td', { title: row.requestId ?? '' }, row.requestId ?? '–'),
  );
}

function render() {
  const shown = [...rows.values()].filter(matches).sort((a, b) => b.startMs - a.startMs);
  tbody.replaceChildren(...shown.map(rowElement));
  document.querySelector('#empty').hidden = rows.size > 0;
  document.querySelector('#count').textContent = `${shown.length} of ${rows.size} requests`;
}

function upsert(row) {
  rows.delete(row.traceId);
  rows.set(row.traceId, row);
  while (rows.size > MAX_ROWS) rows.delete(rows.keys().next().value);
  if (row.traceId === selected) void showDetail(row.traceId);
}

async function select(traceId) {
  selected = traceId;
  for (const tr of tbody.children) tr.classList.toggle('selected', tr.dataset.trace === traceId);
  await showDetail(traceId);
}

let pending = false;
/** Rows arrive in bursts under load: render once per frame, not once per row. */
function scheduleRender() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    render();
  });
}

async function reload() {
  const { requests } = await api('/api/requests?limit=1000');
  rows.clear();
  for (const row of requests.reverse()) upsert(row);
  render();
}

function connect() {
  const live = document.querySelector('#live');
  const events = new EventSource('/api/events');
  events.addEventListener('open', () => {
    live.textContent = 'live';
    live.classList.add('on');
    // Whatever happened while disconnected is in the server's list.
    void reload();
  });
  events.addEventListener('request', (event) => {
    upsert(JSON.parse(event.data));
    scheduleRender();
  });
  events.addEventListener('error', () => {
    live.textContent = 'reconnecting…';
    live.classList.remove('on');
  });
}

filters.addEventListener('input', render);
filters.addEventListener('submit', (event) => event.preventDefault());
connect();
