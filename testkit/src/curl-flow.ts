/**
 * The original Picus API's curl flow: health, put, get, list, delete, get → 404. The router
 * journey test runs it against the local stack, and `make smoke URL=…` (CI, after a deploy) against
 * a deployed stack: one definition of "the API works end to end".
 */
export interface FlowStep {
  readonly step: string;
  readonly ok: boolean;
  readonly detail: string;
}

const json = { 'content-type': 'application/json' };

export async function runCurlFlow(baseUrl: string, options: { requestId?: string; token?: string } = {}): Promise<FlowStep[]> {
  // The token goes with every step: the load balancer asks for it on the write and the delete only.
  const headers: Record<string, string> = {
    ...(options.requestId ? { 'x-request-id': options.requestId } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
  };
  const steps: FlowStep[] = [];
  const check = (step: string, ok: boolean, detail: string) => {
    steps.push({ step, ok, detail });
    return ok;
  };

  const health = await fetch(`${baseUrl}/picus/health`, { headers });
  const healthBody = await health.text();
  check(
    'GET /picus/health → 200 alive',
    health.status === 200 && healthBody === '{"status":"ok","message":"Picus-API alive"}',
    `${health.status} ${healthBody}`,
  );

  const payload = { name: 'Smoke Test', role: 'probe', at: new Date().toISOString() };
  const created = await fetch(`${baseUrl}/picus/put`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(payload) });
  const createdBody = (await created.json().catch(() => ({}))) as { id?: string };
  if (
    !check(
      'POST /picus/put → 201 {id}',
      created.status === 201 && typeof createdBody.id === 'string',
      `${created.status} ${JSON.stringify(createdBody)}`,
    )
  )
    return steps;
  const id = createdBody.id as string;

  const got = await fetch(`${baseUrl}/picus/get/${id}`, { headers });
  const item = (await got.json().catch(() => ({}))) as { id?: string; payload?: unknown; created_at?: string };
  check(
    'GET /picus/get/{id} → 200 the same payload',
    got.status === 200 && item.id === id && JSON.stringify(item.payload) === JSON.stringify(payload) && typeof item.created_at === 'string',
    `${got.status}`,
  );

  const listed = await fetch(`${baseUrl}/picus/list?limit=1000`, { headers });
  const page = (await listed.json().catch(() => ({}))) as { items?: Array<{ id: string }> };
  check(
    'GET /picus/list → 200 {items}',
    listed.status === 200 && Array.isArray(page.items),
    `${listed.status} ${page.items?.length ?? 0} items`,
  );

  const deleted = await fetch(`${baseUrl}/picus/${id}`, { method: 'DELETE', headers });
  const deletedBody = (await deleted.json().catch(() => ({}))) as { deleted?: string };
  check(
    'DELETE /picus/{id} → 200 {deleted}, served by the Lambda',
    deleted.status === 200 && deletedBody.deleted === id && deleted.headers.get('x-served-by') === 'delete-fn',
    `${deleted.status} x-served-by=${deleted.headers.get('x-served-by')}`,
  );

  const gone = await fetch(`${baseUrl}/picus/get/${id}`, { headers });
  const goneBody = (await gone.json().catch(() => ({}))) as { detail?: string };
  check(
    'GET /picus/get/{id} after delete → 404 Item not found',
    gone.status === 404 && goneBody.detail === 'Item not found',
    `${gone.status} ${goneBody.detail ?? ''}`,
  );
  return steps;
}
