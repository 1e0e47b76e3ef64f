import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack, type EmbeddedStack } from '@picus/local';
import { LocalIssuer } from '../../infra/local/auth/local-issuer.js';
import { launchChromium, noChromium as noChromiumFor } from './chromium.js';

/**
 * Swagger UI's Authorize through a router that checks JWTs (AUTH=jwt): without a token "Try it out"
 * gets the load balancer's 401; with the local issuer's token pasted into Authorize, it gets 201.
 */
const noChromium = noChromiumFor('Swagger UI (Authorize)');

let stack: EmbeddedStack | undefined;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  if (noChromium) {
    console.warn(`Skipping the Swagger UI Authorize browser test. ${noChromium}`);
    return;
  }
  stack = await startEmbeddedStack({ routerEnv: { AUTH: 'jwt' } });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  await page.goto(`${stack.routerUrl}/docs/`);
  await page.locator('.opblock').first().waitFor();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function createThroughPage(): Promise<number> {
  const block = page.locator('[id$="-createItem"]');
  if (!(await block.locator('.opblock-body').isVisible())) await block.locator('.opblock-summary').first().click();
  await block.locator('button.try-out__btn').first().waitFor();
  const tryItOut = block.locator('button.try-out__btn:not(.cancel)');
  if (await tryItOut.isVisible()) await tryItOut.click();
  await block.locator('textarea.body-param__text').fill(JSON.stringify({ name: 'Authorized', role: 'swagger-ui' }));
  const [response] = await Promise.all([
    page.waitForResponse((candidate) => candidate.url().includes('/picus/put')),
    block.locator('button.execute').click(),
  ]);
  return response.status();
}

describe('Swagger UI Authorize through a router that checks JWTs', () => {
  it('when no token is given, then a create gets 401; after Authorize with a token from the local issuer, it gets 201', async ({
    skip,
  }) => {
    if (noChromium || !stack) return skip(noChromium ?? 'no stack');
    expect(await createThroughPage()).toBe(401);
    const token = LocalIssuer.fromKeyFile(join(stack.logDir, 'auth', 'issuer-key.pem')).token();
    await page.locator('button.authorize').first().click();
    const dialog = page.locator('.modal-ux');
    await dialog.locator('input').first().fill(token);
    await dialog.locator('button.authorize').click();
    await dialog.locator('button.btn-done').click();
    expect(await createThroughPage()).toBe(201);
  });
});
