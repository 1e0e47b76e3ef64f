import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH, else Debian's `chromium` package (which
 * .ci/run installs). GitHub's runners point CHROMIUM_PATH at the Chrome their image ships.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Why the browser tests for `what` cannot run here, or undefined when they can. Where CI requires
 * them (REQUIRE_BROWSER_TESTS=true) a missing browser is an error, never a quiet skip.
 */
export function noChromium(what: string): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `No Chromium at ${CHROMIUM}: install Debian's chromium package (or set CHROMIUM_PATH) to run the ${what} browser test.`;
  if (process.env.REQUIRE_BROWSER_TESTS === 'true') throw new Error(`${reason} REQUIRE_BROWSER_TESTS is set.`);
  return reason;
}

/**
 * Starts the headless Chromium every browser test drives. No sandbox: CI runs as root in a
 * container. The rest keeps Chromium off the network (its background calls would be refused).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
