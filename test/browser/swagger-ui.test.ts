import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '@picus/core';
import { specOperations } from '@picus/testkit';
import { startBrowserStack, type BrowserStack } from './browser-stack.js';
import { launchChromium, noChromium as noChromiumFor } from './chromium.js';

/**
 * Swagger UI in a real headless Chromium, through the router: the page lists every operation,
 * and "Try it out" creates an item (answered by the api) and deletes it (answered by the Lambda).
 * Chromium: see ./chromium.ts; without it these tests skip and say so (CI makes that an error).
 */
const noChromium = noChromiumFor('Swagger UI');
const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
const operations = specOperations(openApiDocument).map((operation) => operation.operationId);

let stack: BrowserStack | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  if (noChromium) {
    // The skip note alone only shows in verbose reporters; say it where every run shows it.
    console.warn(`Skipping the Swagger UI browser test. ${noChromium}`);
    return;
  }
  stack = await startBrowserStack();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  await page.goto(`${stack.routerUrl}/docs/`);
  await page.locator('.opblock').first().waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Expands an operation, fills its fields, presses Execute and returns the response it got. */
async function execute(operationId: string, fill: (block: ReturnType<Page['locator']>) => Promise<void>) {
  const block = page.locator(`[id$="-${operationId}"]`);
  if (!(await block.locator('.opblock-body').isVisible())) await block.locator('.opblock-summary').first().click();
  // The section renders after the click: wait for its button ("Try it out", or "Cancel" once trying)
  // before looking at which it is; a snapshot check right away races the render.
  await block.locator('button.try-out__btn').first().waitFor();
  const tryItOut = block.locator('button.try-out__btn:not(.cancel)');
  if (await tryItOut.isVisible()) await tryItOut.click();
  await fill(block);
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.url().includes('/picus/')),
    block.locator('button.execute').click(),
  ]);
  await block.locator('.live-responses-table tbody .response-col_status').first().waitFor();
  return { block, response };
}

describe('Swagger UI at /docs through the router', () => {
  it('when the page loads, then it lists all five operations', async ({ skip }) => {
    if (noChromium) skip(noChromium);
    for (const operationId of operations) {
      await expect.poll(() => page.locator(`[id$="-${operationId}"]`).count(), { message: operationId }).toBe(1);
    }
  });

  it('when "Try it out" creates an item and then deletes it, then the api answers 201 and the Lambda 200', async ({ skip }) => {
    if (noChromium) skip(noChromium);
    const created = await execute('createItem', async (block) => {
      await block.locator('textarea.body-param__text').fill(JSON.stringify({ name: 'Browser test', role: 'swagger-ui' }));
    });
    expect(created.response.status()).toBe(201);
    expect(created.response.headers()['x-served-by']).toBe('api');
    const { id } = (await created.response.json()) as { id: string };
    expect(await created.block.locator('.live-responses-table tbody .response-col_status').first().innerText()).toBe('201');
    expect(await created.block.locator('.live-responses-table').innerText()).toContain(id);

    const deleted = await execute('deleteItem', async (block) => {
      await block.locator('input[placeholder="id"]').fill(id);
    });
    expect(deleted.response.request().method()).toBe('DELETE');
    expect(deleted.response.status()).toBe(200);
    expect(deleted.response.headers()['x-served-by']).toBe('delete-fn');
    const shown = await deleted.block.locator('.live-responses-table').innerText();
    expect(shown).toContain(`"deleted": "${id}"`);
    expect(shown).toMatch(/x-served-by: delete-fn/);

    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: `${resultsDir}swagger-ui.png`, fullPage: true });
    expect(await stack?.itemExists(id)).toBe(false);
  });
});
