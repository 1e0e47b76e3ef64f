// Small DOM helpers. Everything shown comes from requests and logs, so text is always set as text,
// never as HTML.

/** Creates an element: `el('td', { class: 's2' }, 'text', child)`. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    // Set through the CSS object model: the page's content security policy refuses style attributes.
    else if (name === 'style') Object.assign(node.style, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Calls the console's API; changes carry the header that proves they come from this page. */
export async function api(path, options = {}) {
  const headers = {
    ...(options.body ? { 'content-type': 'application/json' } : {}),
    ...(options.method && options.method !== 'GET' ? { 'x-picus-console': '1' } : {}),
  };
  const response = await fetch(path, { ...options, headers });
  const body = await response.json().catch(() => ({}));
  if (!response.ok)
    throw Object.assign(new Error(body.detail ?? `${response.status}`), { status: response.status, errors: body.errors ?? [] });
  return body;
}

/** A JSON text pretty-printed; anything else as it is. */
export function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function statusClass(status) {
  return status ? `s${String(status)[0]}` : '';
}

export function clock(ms) {
  const date = new Date(ms);
  return `${date.toLocaleTimeString('en-GB', { hour12: false })}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}
