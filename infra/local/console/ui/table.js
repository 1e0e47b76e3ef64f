import { api, el } from './dom.js';

const tbody = document.querySelector('#items tbody');
const result = document.querySelector('#table-result');
const next = document.querySelector('#next-page');
const note = document.querySelector('#table-note');
let cursor;

function show(text) {
  result.hidden = false;
  result.textContent = text;
}

async function view(id) {
  show(JSON.stringify(await api(`/api/table/${encodeURIComponent(id)}`), null, 2));
}

async function remove(id) {
  const answer = await api(`/api/table/${encodeURIComponent(id)}`, { method: 'DELETE' });
  show(`DELETE /picus/${id} through the router: ${answer.status}\n${JSON.stringify(answer.body, null, 2)}`);
  await loadTable();
}

async function create() {
  let item;
  try {
    item = JSON.parse(document.querySelector('#new-item').value);
  } catch (error) {
    show(`Not JSON: ${error.message}`);
    return;
  }
  try {
    const answer = await api('/api/table', { method: 'POST', body: JSON.stringify(item) });
    show(`POST /picus/put through the router: ${answer.status}\n${JSON.stringify(answer.body, null, 2)}`);
    await loadTable();
  } catch (error) {
    show(`${error.message}\n${error.errors.join('\n')}`);
  }
}

function payloadPreview(item) {
  const payload = item.payload;
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return text && text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

export async function loadTable(from) {
  const page = await api(`/api/table?limit=25${from ? `&cursor=${encodeURIComponent(from)}` : ''}`);
  cursor = page.nextCursor;
  next.disabled = !cursor;
  note.textContent = `${page.items.length} items on this page${cursor ? '; more remain' : ''}`;
  tbody.replaceChildren(
    ...page.items.map((item) =>
      el(
        'tr',
        { 'data-id': item.id },
        el('td', {}, item.id),
        el('td', {}, item.created_at ?? ''),
        el('td', { title: JSON.stringify(item.payload) }, payloadPreview(item)),
        el(
          'td',
          {},
          el('button', { onclick: () => view(item.id) }, 'View'),
          ' ',
          el('button', { 'data-action': 'delete', onclick: () => remove(item.id) }, 'Delete'),
        ),
      ),
    ),
  );
}

document.querySelector('#create').addEventListener('click', () => void create());
document.querySelector('#first-page').addEventListener('click', () => void loadTable());
next.addEventListener('click', () => void loadTable(cursor));
