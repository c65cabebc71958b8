import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

/** Debian's chromium (deploy/test.sh installs it when missing); playwright-core downloads no browser. Used by the console test and bench:clients. */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet headless Chromium in a container: no sandbox (root), no GPU, no phoning home. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run deploy/test.sh (it installs Debian's chromium) or apt-get install -y chromium`);
  // Loaded here, not at import: most users of @lightpath/testing never start a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}
