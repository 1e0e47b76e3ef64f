import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { launchChromium, noChromium as noChromiumFor } from './chromium.js';

/**
 * The local console in a real headless Chromium, as a new user meets it after `make up`: requests
 * sent with curl appear in the live list, their detail shows the listener rule, the trace down to
 * DynamoDB and, for the Lambda, the ALB event; the table browser lists and deletes items.
 * Chromium: see ./chromium.ts; without it these tests skip and say so (CI makes that an error).
 */
const noChromium = noChromiumFor('console');
const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
const run = promisify(execFile);

let stack: EmbeddedStack | undefined;
let browser: Browser | undefined;
let page: Page;

/** `curl -s -X <method> <router><path> -H x-request-id:<id>`, as the README's flow sends requests. */
async function curl(method: string, path: string, requestId: string, body?: string): Promise<{ status: number; body: string }> {
  const args = ['-s', '-o', '-', '-w', '\n%{http_code}', '-X', method, `${stack!.routerUrl}${path}`, '-H', `x-request-id: ${requestId}`];
  if (body) args.push('-H', 'content-type: application/json', '-d', body);
  const { stdout } = await run('curl', args, { timeout: 15_000 });
  const at = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(at + 1)), body: stdout.slice(0, at) };
}

async function createItem(requestId: string): Promise<string> {
  const created = await curl('POST', '/picus/put', requestId, JSON.stringify({ name: 'Console test', role: 'browser', requestId }));
  expect(created.status).toBe(201);
  return (JSON.parse(created.body) as { id: string }).id;
}

const row = (requestId: string) => page.locator(`#requests tbody tr[data-request-id="${requestId}"]`);

beforeAll(async () => {
  if (noChromium) {
    console.warn(`Skipping the console browser test. ${noChromium}`);
    return;
  }
  // Logs at info, as `make up` writes them: the services view shows them.
  stack = await startEmbeddedStack({ console: true, handlerEnv: { LOG_LEVEL: 'info' } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  await page.goto(stack.consoleUrl!);
  await page.locator('#live.on').waitFor();
  mkdirSync(resultsDir, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the local console in Chromium', () => {
  it('when a curl with its own x-request-id goes through the router, then it appears in the live list within 2 s', async ({ skip }) => {
    if (noChromium) skip(noChromium);
    const answered = await curl('GET', '/picus/health', 'console-live-1');
    expect(answered.status).toBe(200);
    // The acceptance bound: streamed to the open page, not found by reloading it.
    await row('console-live-1').waitFor({ timeout: 2_000 });
    expect(await row('console-live-1').locator('[data-col=rule]').innerText()).toBe('20: /picus/*');
    expect(await row('console-live-1').locator('[data-col=target-group]').innerText()).toBe('api');
    expect(await row('console-live-1').locator('[data-col=status]').innerText()).toBe('200');
  });

  it('when a request is opened, then it shows the matched rule and a trace down to its DynamoDB span', async ({ skip }) => {
    if (noChromium) skip(noChromium);
    const id = await createItem('console-put-1');
    expect((await curl('GET', `/picus/get/${id}`, 'console-get-1')).status).toBe(200);
    await row('console-get-1').click();
    await expect.poll(() => page.locator('[data-testid=rule]').innerText()).toBe('20: /picus/*');
    expect(await page.locator('[data-testid=target-group]').innerText()).toBe('api');
    const dynamodb = page.locator('[data-testid=waterfall] .span-row[data-span$="GetItem"]');
    await dynamodb.waitFor();
    expect(await dynamodb.innerText()).toContain(id);
    expect(await dynamodb.innerText()).toContain('ok');
    expect(await page.locator('[data-testid=waterfall] .span-row[data-service=router]').count()).toBe(1);
    await page.screenshot({ path: `${resultsDir}console-request.png` });

    await row('console-put-1').click();
    await page.locator('[data-testid=replay]').click();
    await expect
      .poll(() => page.locator('[data-testid=replay-result]').innerText())
      .toMatch(/^Sent again: 201, request id console-put-1-replay-1/);
    await row('console-put-1-replay-1').waitFor();
  });

  it('when a DELETE is opened, then it shows the ALB event the Lambda received and the result it returned', async ({ skip }) => {
    if (noChromium) skip(noChromium);
    const id = await createItem('console-put-2');
    expect((await curl('DELETE', `/picus/${id}`, 'console-delete-1')).status).toBe(200);
    await row('console-delete-1').click();
    await expect.poll(() => page.locator('[data-testid=rule]').innerText()).toBe('10: DELETE /picus/*');
    const event = page.locator('[data-testid=alb-event]');
    await event.waitFor();
    const shown = JSON.parse(await event.innerText()) as {
      httpMethod: string;
      path: string;
      headers: Record<string, string>;
      requestContext: { elb: { targetGroupArn: string } };
    };
    expect(shown).toMatchObject({ httpMethod: 'DELETE', path: `/picus/${id}`, headers: { 'x-request-id': 'console-delete-1' } });
    expect(shown.requestContext.elb.targetGroupArn).toMatch(/^arn:aws:elasticloadbalancing:/);
    expect(shown.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(await page.locator('[data-testid=lambda-result]').innerText()).toContain(`"statusCode": 200`);
    await page.locator('[data-testid=waterfall] .span-row[data-span="DynamoDB.DeleteItem"]').waitFor();
    await page.screenshot({ path: `${resultsDir}console-lambda.png` });
  });

  it('when the table browser lists a created item and deletes it there, then curl no longer finds it', async ({ skip }) => {
    if (noChromium) skip(noChromium);
    const id = await createItem('console-put-3');
    await page.locator('nav button[data-tab=table]').click();
    await page.locator('#first-page').click();
    const item = page.locator(`#items tbody tr[data-id="${id}"]`);
    // Pages hold 25 items: walk them until the item shows (the stack holds only this file's items).
    for (let pages = 0; (await item.count()) === 0 && pages < 20; pages += 1) {
      await expect.poll(() => page.locator('#table-note').innerText()).toMatch(/items on this page/);
      if (await page.locator('#next-page').isDisabled()) break;
      await page.locator('#next-page').click();
    }
    await item.waitFor();
    await page.screenshot({ path: `${resultsDir}console-table.png` });
    await item.locator('[data-action=delete]').click();
    await expect
      .poll(() => page.locator('[data-testid=table-result]').innerText())
      .toMatch(new RegExp(`^DELETE /picus/${id} through the router: 200`));
    expect((await curl('GET', `/picus/get/${id}`, 'console-check-deleted')).status).toBe(404);
    await expect.poll(() => item.count()).toBe(0);
  });

  it('when the services view opens, then every process is listed healthy and a log shows the requests it served', async ({ skip }) => {
    if (noChromium) skip(noChromium);
    await page.locator('nav button[data-tab=services]').click();
    for (const name of ['console', 'dynamodb', 'api', 'delete-fn', 'router']) {
      await expect
        .poll(() => page.locator(`#services tbody tr[data-service="${name}"]`).innerText(), { message: name })
        .toMatch(/running\s+healthy/);
    }
    await page.locator('#services tbody tr[data-service="api"] button', { hasText: 'Logs' }).click();
    await expect.poll(() => page.locator('[data-testid=log]').innerText()).toContain('console-get-1');
    await page.screenshot({ path: `${resultsDir}console-services.png` });
  });
});
