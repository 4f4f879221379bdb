/**
 * Debian's Chromium driven by playwright-core, for the card and tab browser tests: never a downloaded
 * browser. Off CI a machine without /usr/bin/chromium skips those tests with a message saying how to get
 * it; under CI=true a missing browser is a failure, never a skip.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** node:test's skip option for browser suites. */
export function chromiumOrSkip(): { skip: string | false } {
  if (existsSync(CHROMIUM)) return { skip: false };
  const missing = `no Chromium at ${CHROMIUM}: \`apt-get install chromium\` (Debian), or set CHROMIUM_PATH`;
  if (process.env.CI === 'true') throw new Error(`CI=true: browser tests need Chromium: ${missing}`);
  return { skip: `browser tests skipped: ${missing}` };
}

export interface RunningBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless (playwright gives it a fresh temporary profile), and with Chromium's own background traffic (updates, sync, Google
 * lookups) turned off: the tests may reach 127.0.0.1 only.
 */
export async function launchChromium(): Promise<RunningBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
