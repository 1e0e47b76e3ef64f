import { api, el } from './dom.js';

const tbody = document.querySelector('#services tbody');
const note = document.querySelector('#services-note');

async function showLog(name) {
  const { lines } = await api(`/api/services/${encodeURIComponent(name)}/logs?lines=100`);
  const title = document.querySelector('#log-title');
  const log = document.querySelector('#log');
  title.hidden = false;
  title.textContent = `Last lines of ${name}.log`;
  log.hidden = false;
  log.textContent = lines.join('\n') || '(empty)';
  log.scrollTop = log.scrollHeight;
}

async function restart(name, button) {
  button.disabled = true;
  note.textContent = `Restarting ${name}…`;
  try {
    const result = await api(`/api/services/${encodeURIComponent(name)}/restart`, { method: 'POST' });
    note.textContent = `${name} restarted: pid ${result.pid}.`;
  } catch (error) {
    note.textContent = `${name} was not restarted: ${error.message}`;
  }
  await loadServices();
}

export async function loadServices() {
  const { services } = await api('/api/services');
  tbody.replaceChildren(
    ...services.map((service) => {
      const restartButton = el(
        'button',
        { disabled: !service.restartable, title: service.restartable ? undefined : 'The console does not restart itself' },
        'Restart',
      );
      restartButton.addEventListener('click', () => restart(service.logName, restartButton));
      return el(
        'tr',
        { 'data-service': service.logName },
        el('td', {}, service.logName),
        el('td', {}, service.pid),
        el('td', {}, service.port),
        el('td', {}, service.state),
        el('td', { class: service.health === 'healthy' ? 's2' : 's5' }, service.health),
        el(
          'td',
          { title: service.lastExit ? `last died ${service.lastExit.at}` : undefined },
          service.restarts ? `${service.restarts} (last: ${service.lastExit?.reason ?? '?'})` : (service.lastExit?.reason ?? '0'),
        ),
        el('td', {}, restartButton, ' ', el('button', { onclick: () => showLog(service.logName) }, 'Logs')),
      );
    }),
  );
  if (services.length === 0)
    note.textContent = 'This console was not told of an embedded stack (under Compose, `make ps` and `make logs` show the containers).';
}
