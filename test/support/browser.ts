import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '@service-desk/core';
import { type Browser, chromium } from 'playwright-core';

/** Where browser tests save their screenshots. */
export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

/** Generous, bounded waits: the machine running the suite may be busy. */
export const SLOW = 30_000;

/**
 * Debian's Chromium, headless, with the background networking that this closed network refuses
 * turned off. Fails fast when the console has not been built (the API serves the built files).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(join(config().CONSOLE_DIR, 'index.html'))) {
    throw new Error(
      `The console is not built (${config().CONSOLE_DIR}); run npm test or npm run build:console`,
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
