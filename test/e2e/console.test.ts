import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from '@lightpath/testing';
import { generateBlockFabric } from '@lightpath/topology';
import { SignJWT } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awaitSwitches, expectFabricInvariants, portMap, request } from '../support/api';
import { ADMIN_TOKEN, createFabric, type Fabric } from '../support/fabric-harness';

// Code passed to page.evaluate runs in the page; the project compiles without the DOM library.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const document: any;

const ROOT = resolve(__dirname, '../..');
const SWITCHES = ['ocs-0', 'ocs-1', 'ocs-2', 'ocs-3'];
const VIEWER_TOKEN = `console-viewer-${randomBytes(16).toString('hex')}`;
const SECRET = randomBytes(32).toString('hex');
/** Where screenshots go: .run/ by default; CONSOLE_SCREENSHOTS=docs/images refreshes the README's. */
const SHOTS = resolve(ROOT, process.env.CONSOLE_SCREENSHOTS ?? '.run/console-screenshots');

/**
 * Issue 10, the web console in real Chromium (Debian's, driven by playwright-core) against a real
 * orchestrator and agents on the shared Kafka and Redis: everything a user does goes through the
 * page (sign-in, forms, the confirmation dialog), and what the test checks is what the page shows.
 */
describe('web console in Chromium against the real stack', () => {
  let fabric: Fabric;
  let api: string;
  let browser: Browser;

  const signIn = async (token: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await page.goto(`${api}/ui`);
    await page.fill('#token', token);
    await page.click('#signin button[type=submit]');
    await page.waitForSelector('#nav:not([hidden])');
    return page;
  };
  const confirmDialog = async (page: Page) => {
    await page.waitForSelector('#confirm[open]');
    await page.click('#confirm-ok');
  };
  /**
   * The heat map's pixel at the centre of cell (north, south), as [r, g, b]. Waits for the first
   * drawing: the switch view renders its forms at once and draws the map when its GET answers, so
   * on a busy machine the canvas can still be blank (no data-cell) when #connect is already there.
   */
  const cellRgb = async (page: Page, north: number, south: number): Promise<number[]> => {
    await page.waitForSelector('#heatmap[data-cell]');
    return page.evaluate(([n, s]: number[]) => {
      const canvas = document.querySelector('#heatmap');
      const cell = Number(canvas.dataset.cell);
      return Array.from(canvas.getContext('2d')!.getImageData((s - 1) * cell + cell / 2, (n - 1) * cell + cell / 2, 1, 1).data.slice(0, 3));
    }, [north, south]);
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    fabric = await createFabric('console', {
      API_TOKENS: `e2e-admin:admin:e2e:${ADMIN_TOKEN},console-viewer:viewer:e2e:${VIEWER_TOKEN}`,
      JWT_HS256_SECRET: SECRET,
      COMMAND_TIMEOUT_MS: '8000',
    });
    api = fabric.orchestrator.url;
    await fabric.startAgent('agent-console', SWITCHES);
    await awaitSwitches(api, SWITCHES);
    await request(api).put('/v1/fabric').send(generateBlockFabric({ blocks: 4, uplinks: 8, ocs: 4, portsPerOcs: 136 })).expect(200);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await fabric?.stopAll();
    if (fabric) rmSync(resolve(ROOT, fabric.stateDir), { recursive: true, force: true });
  });

  it('an operator signs in, sees the switches, connects a port pair and watches the operation succeed live, then sees the cell lit', async () => {
    const page = await signIn(ADMIN_TOKEN);
    for (const s of SWITCHES) await page.waitForSelector(`#switches a.switch:text-is("${s}")`);
    await page.screenshot({ path: resolve(SHOTS, 'console-fabric.png') });
    await page.click('#switches a.switch:text-is("ocs-1")');
    await page.waitForSelector('#connect');
    expect(await cellRgb(page, 1, 2)).toEqual([241, 243, 246]); // background: nothing lit yet
    await page.fill('#north', '1');
    await page.fill('#south', '2');
    await page.click('#connect button[type=submit]');
    await confirmDialog(page);
    await page.waitForURL(/#\/operations\/op-/);
    await page.waitForSelector('#focus-status[data-status="succeeded"]', { timeout: 60_000 });
    await page.goto(`${api}/ui/#/switch/ocs-1`);
    await page.waitForFunction(() => /1 lit circuits/.test(document.querySelector('#facts')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const [r, g] = await cellRgb(page, 1, 2);
    expect(g).toBeGreaterThan(r); // lit, coloured by its low insertion loss (green end)
    await page.screenshot({ path: resolve(SHOTS, 'console-heatmap.png') });
  });

  it('draining a switch from the console shows its staged operation advance to succeeded', async () => {
    const page = await signIn(ADMIN_TOKEN);
    await page.goto(`${api}/ui/#/switch/ocs-1`);
    await page.click('#drain');
    await confirmDialog(page);
    await page.waitForURL(/#\/operations\/sop-/);
    await page.waitForSelector('#focus-status[data-status="succeeded"]', { timeout: 90_000 });
    expect(await page.textContent('#focus')).toMatch(/succeeded \d+\/\d+ \(\d+ done\)/);
    await page.screenshot({ path: resolve(SHOTS, 'console-operations.png') });
    expect((await portMap(api, 'ocs-1')).active).toEqual([]);
    await request(api).post('/v1/switches/ocs-1/undrain').expect(200);
    await expectFabricInvariants(api);
  });

  it('the plan page shows the plan diff of an intent before anything is applied', async () => {
    const page = await signIn(ADMIN_TOKEN);
    await page.goto(`${api}/ui/#/plan`);
    await page.fill('#plan-name', 'console-mesh');
    await page.fill('#plan-intent', JSON.stringify({ kind: 'mesh', links: [{ a: 'block-2', b: 'block-3', links: 2 }] }));
    await page.click('#plan-form button[type=submit]');
    await page.waitForFunction(() => /^stages: 1/m.test(document.querySelector('#diff')?.textContent ?? ''));
    expect(await page.textContent('#diff')).toMatch(/changed: 2 cross-connects \(lower bound 2\)/);
    expect(await page.isEnabled('#apply')).toBe(true);
    await page.screenshot({ path: resolve(SHOTS, 'console-plan.png') });
    const staged = ((await request(api).get('/v1/operations').expect(200)).body.staged ?? []) as { target: string }[];
    expect(staged.filter((o) => o.target === 'console-mesh')).toEqual([]);
  });

  it('a viewer sees the fabric and the heat map but no action buttons', async () => {
    const page = await signIn(VIEWER_TOKEN);
    await page.waitForSelector('#switches a.switch:text-is("ocs-0")');
    expect(await page.$('#freeze')).toBeNull();
    await page.goto(`${api}/ui/#/switch/ocs-0`);
    await page.waitForFunction(() => /lit circuits/.test(document.querySelector('#facts')?.textContent ?? ''));
    expect(await page.$('#connect')).toBeNull();
    expect(await page.$('#drain')).toBeNull();
    expect(await page.textContent('#who')).toBe('signed in: read only');
  });

  it('an expired token sends the console back to sign-in, saying so', async () => {
    // exp in 2 s; the orchestrator allows 5 s of clock skew, so it is refused about 7 s from now.
    const jwt = await new SignJWT({ role: 'operator', tenant: 'e2e' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('console-jwt')
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(new TextEncoder().encode(SECRET));
    const page = await signIn(jwt);
    await page.waitForSelector('#signin', { timeout: 60_000 });
    expect(await page.textContent('#signin-error')).toBe('Your token expired: sign in again.');
  });
});
