// GraphiQL served by the gateway itself (GRAPHIQL_PATH), driven in Chromium with every request
// outside 127.0.0.1 refused: a query over HTTP and a subscription over graphql-ws, both with the
// Authorization header typed into GraphiQL's Headers editor, and not one CSP violation.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { CAROL, createOrder, product } from '../support/orders.js';

// What page callbacks touch in the browser (this tsconfig has no DOM types).
declare const window: any, document: any;

const CHROMIUM = '/usr/bin/chromium';
const screenshotsDir = process.env.SCREENSHOTS_DIR ? path.resolve(process.env.SCREENSHOTS_DIR) : null;

describe.skipIf(!existsSync(CHROMIUM))('GraphiQL from the gateway, air-gapped', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const violations: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    // Cached: returns at once when pnpm install already built the bundle from these sources.
    execFileSync(process.execPath, ['packages/graphiql/build.mjs'], { cwd: path.resolve(import.meta.dirname, '../..'), stdio: 'inherit' });
    stack = await startTestStack({ GRAPHIQL_PATH: '/explore' });
    origin = new URL(stack.gatewayUrl).origin;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.route(/^https?:\/\/(?!(127\.0\.0\.1|localhost)[:/])/, (route) => {
      outside.push(route.request().url());
      return route.abort();
    });
    await context.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e: any) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** Replace the text of the Monaco editor inside `container` (insertText: no auto-closed brackets). */
  async function setEditor(container: string, text: string) {
    await page.locator(`${container} .monaco-editor`).first().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(text);
  }
  const response = () => page.locator('.graphiql-response');
  const run = () => page.getByRole('button', { name: /Execute query/ }).click();

  it('serves the page and its files from its own origin under a self-only CSP', async () => {
    const html = await fetch(`${origin}/explore`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self';/);
    const script = /src="(\/explore\/assets\/graphiql-[\w-]+\.js)"/.exec(await html.text())?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${origin}${script}`);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${origin}/explore/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
  });

  it('runs a query with the Authorization header from the Headers editor', async () => {
    const token = await stack.signIn(CAROL.email, CAROL.password);
    await page.goto(`${origin}/explore`);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 20_000 });
    await setEditor('.graphiql-editor-tool .graphiql-editor:not(.hidden)', JSON.stringify({ Authorization: `Bearer ${token}` }));
    await setEditor('.graphiql-query-editor', '{ me { email } products(first: 2) { totalCount } }');
    await run();
    await response().getByText(CAROL.email).waitFor({ timeout: 10_000 });
    expect(await response().textContent()).toContain('totalCount');
  });

  it('runs a subscription over the graphql-ws endpoint and shows its events', async () => {
    const token = await stack.signIn(CAROL.email, CAROL.password);
    await setEditor('.graphiql-query-editor', 'subscription { myOrderUpdates { id status } }');
    await run();
    // Subscribed once the gateway holds her subscription (socket, connection_init, subscribe,
    // upstream subscription: seconds on a loaded machine); then an order of hers changes status.
    await expect.poll(() => stack.gateway.subscriptionStats().subscribers, { timeout: 30_000 }).toBeGreaterThan(0);
    const order = await createOrder(stack, token, { items: [{ productId: product(2).id, quantity: 1 }] });
    expect(order.body.errors).toBeUndefined();
    await response().getByText('CONFIRMED').waitFor({ timeout: 15_000 });
    expect(await response().textContent()).toContain(order.body.data.createOrder.id);
    if (screenshotsDir) {
      mkdirSync(screenshotsDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotsDir, 'graphiql-subscription.png') });
    }
    expect(violations).toEqual([]);
    expect(outside).toEqual([]);
  });
});
