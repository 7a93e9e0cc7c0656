import * as fs from 'node:fs';
import { chromium, Browser, Page } from 'playwright-core';

/**
 * Headless Chromium for the web UI tests: Debian's package at /usr/bin/chromium (installed by
 * .ci/run), driven by playwright-core. CHROMIUM_PATH overrides the binary. The flags keep it off
 * the network this machine does not have; playwright gives each launch a fresh empty profile.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

/**
 * The browser tests skip only when asked to (HADOOP_SKIP_BROWSER_TESTS=1) and there is no
 * Chromium; otherwise a missing browser fails them with a line saying how to install it, so a
 * green run never hides that the pages went untested.
 */
export function skipBrowserTests(): boolean {
  return !chromiumAvailable() && process.env.HADOOP_SKIP_BROWSER_TESTS === '1';
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh page (tab) with console errors and page errors collected in `errors`. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!chromiumAvailable()) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; .ci/run installs Debian's chromium package (apt-get install chromium)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    timeout: 60000,
  });
  return {
    browser,
    async newPage() {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('dialog', (d) => {
        errors.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      return { page, errors };
    },
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}
