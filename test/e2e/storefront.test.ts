// The storefront SPA (examples/storefront) in headless Chromium against the real stack: the SPA is
// built and served from its own origin, so CORS, CSRF prevention and the WebSocket origin check
// are exercised the way a deployed SPA meets them. Skipped (with a message) without /usr/bin/chromium.
// SCREENSHOTS_DIR=docs/screenshots pnpm vitest run test/e2e/storefront.test.ts refreshes the README's pictures.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStorefrontBuild, type StorefrontServer } from '@ordergraph/storefront/server';
import { startTestStack, type TestStack } from '@ordergraph/testing';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`storefront browser tests SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run does it)`);
const screenshotsDir = process.env.SCREENSHOTS_DIR ? path.resolve(process.env.SCREENSHOTS_DIR) : null;

let stack: TestStack;
let storefront: StorefrontServer;
let browser: Browser;
let customer: BrowserContext;
let page: Page;
let adminPage: Page;
let gatewayUrl = '';
/** What page.evaluate callbacks touch in the browser (this tsconfig has no DOM types). */
type InPage = { localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void }; notReloaded?: boolean };
const email = `shopper-${randomBytes(4).toString('hex')}@example.com`;

async function shot(p: Page, name: string) {
  if (!screenshotsDir) return;
  mkdirSync(screenshotsDir, { recursive: true });
  await p.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
}

/** Wait until `locator`'s text matches (playwright-core has no web-first assertions). */
const waitForText = (p: Page, testId: string, text: RegExp, timeout = 10_000) => p.getByTestId(testId).filter({ hasText: text }).waitFor({ timeout });

async function addToCart(p: Page, productName: string) {
  await p.goto(storefront.url);
  await p.getByLabel('Search products').fill(productName);
  await p.getByRole('button', { name: `Add ${productName} to cart` }).click();
  await p.getByRole('status').filter({ hasText: `${productName} added to cart.` }).waitFor();
}

async function checkout(p: Page, card: 'tok_visa' | 'tok_decline') {
  await p.getByRole('link', { name: /^Cart/ }).click();
  await p.getByRole('radio', { name: new RegExp(card) }).check();
  await p.getByRole('button', { name: /^Pay / }).click();
  await p.waitForURL(/\/orders\/[0-9a-f-]+$/);
  return p.url().split('/').pop()!;
}

describe.skipIf(!hasChromium)('storefront SPA in a browser', () => {
  beforeAll(async () => {
    // The storefront first: the gateway's CORS list needs its origin; it asks for the gateway's URL per page load.
    storefront = await serveStorefrontBuild({ gatewayUrl: () => gatewayUrl });
    stack = await startTestStack({ ALLOWED_ORIGINS: new URL(storefront.url).origin });
    gatewayUrl = stack.gatewayUrl;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
    customer = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await customer.newPage();
  });
  afterAll(async () => {
    await browser?.close(); // and every context in it
    await storefront?.close();
    await stack?.stop();
  });

  it('signs up, pays with tok_visa, and the open order page follows the admin shipping it, live', async () => {
    await page.goto(storefront.url);
    await page.getByRole('link', { name: 'Create account' }).click();
    await page.getByLabel('Name').fill('Sam Shopper');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a-long-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Sam Shopper').waitFor();

    await addToCart(page, 'Basalt Keyboard');
    await shot(page, 'products');
    await page.getByRole('link', { name: /^Cart/ }).click();
    await shot(page, 'cart');
    // The order page asks for the payment with @defer: the gateway answers in parts (multipart/mixed).
    const deferred = page.waitForResponse((r) => (r.headers()['content-type'] ?? '').includes('deferSpec=20220824'), { timeout: 20_000 });
    const orderId = await checkout(page, 'tok_visa');
    await waitForText(page, 'order-status', /Confirmed/);
    await deferred;
    await waitForText(page, 'payment-status', /^captured$/);
    // The page subscribed over WebSocket (not the visible polling fallback).
    await page.locator('[data-testid="live-indicator"][data-live="connected"]').waitFor({ timeout: 10_000 });
    await shot(page, 'order-confirmed');

    // Mark the document: a reload would lose it.
    await page.evaluate(() => ((globalThis as unknown as InPage).notReloaded = true));
    const admin = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    adminPage = await admin.newPage();
    await adminPage.goto(new URL('/signin', storefront.url).toString());
    await adminPage.getByLabel('Email').fill('admin@ordergraph.dev');
    await adminPage.getByLabel('Password').fill('admin-dev-password');
    await adminPage.getByRole('button', { name: 'Sign in' }).click();
    await adminPage.getByRole('link', { name: 'Admin' }).click();
    await adminPage.getByRole('button', { name: `Ship order ${orderId.slice(0, 8)}` }).click();
    await adminPage.getByRole('status').filter({ hasText: `Order ${orderId.slice(0, 8)} shipped.` }).waitFor();
    await shot(adminPage, 'admin');

    await waitForText(page, 'order-status', /Shipped/);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).notReloaded)).toBe(true);
    expect(await page.locator('.timeline .step.done').evaluateAll((steps) => steps.map((s) => s.getAttribute('data-status')))).toEqual([
      'PENDING',
      'RESERVED',
      'PAID',
      'CONFIRMED',
      'SHIPPED',
    ]);
    await shot(page, 'order-shipped');
    if (screenshotsDir) {
      await page.setViewportSize({ width: 390, height: 844 });
      await shot(page, 'order-mobile');
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  });

  it('an admin restocks a sold-out product and the open catalog shows it without a reload', async () => {
    await page.goto(storefront.url);
    await page.getByLabel('Search products').fill('Basalt Backpack');
    const card = page.locator('[data-testid="product"]', { hasText: 'Basalt Backpack' });
    await card.getByTestId('stock').filter({ hasText: 'Out of stock' }).waitFor();
    expect(await card.getByRole('button').isDisabled()).toBe(true);

    await adminPage.getByLabel('Search products to restock').fill('Basalt Backpack');
    await adminPage.getByLabel('Add units to Basalt Backpack').fill('12');
    await adminPage.getByRole('button', { name: 'Restock' }).click();
    await adminPage.locator('.restock-list li', { hasText: 'Basalt Backpack' }).getByTestId('stock').filter({ hasText: '12 available' }).waitFor();

    // The catalog re-reads stock every 5 s.
    await card.getByTestId('stock').filter({ hasText: '12 in stock' }).waitFor({ timeout: 12_000 });
    expect(await card.getByRole('button').isEnabled()).toBe(true);
  });

  it('an admin adds a product with the "new product" form; a taken SKU is explained; shoppers find it', async () => {
    const form = adminPage.getByRole('form', { name: 'New product' });
    const sku = `LAMP-${randomBytes(3).toString('hex').toUpperCase()}`;
    await form.getByLabel('SKU').fill(sku);
    await form.getByLabel('Name').fill('Aurora Desk Lamp');
    await form.getByLabel('Description').fill('Warm, dimmable light for late orders.');
    await form.getByLabel('Price').fill('49.9');
    await form.getByLabel('Initial stock').fill('7');
    await form.getByRole('button', { name: 'Add product' }).click();
    await form.getByRole('status').filter({ hasText: `Added Aurora Desk Lamp (${sku}) at $49.90 with 7 in stock.` }).waitFor();
    await shot(adminPage, 'admin-new-product');

    await form.getByLabel('SKU').fill(sku.toLowerCase());
    await form.getByLabel('Name').fill('Copy');
    await form.getByLabel('Price').fill('twelve');
    await form.getByRole('button', { name: 'Add product' }).click();
    expect(await form.getByRole('alert').textContent()).toBe('Enter the price as a number, e.g. 12.50.');
    await form.getByLabel('Price').fill('12');
    await form.getByRole('button', { name: 'Add product' }).click();
    await form.getByRole('alert').filter({ hasText: 'Another product already has that SKU.' }).waitFor();
    expect(await form.getByLabel('SKU').getAttribute('aria-invalid')).toBe('true');

    await page.goto(storefront.url);
    await page.getByLabel('Search products').fill('Aurora Desk Lamp');
    await page.locator('[data-testid="product"]', { hasText: 'Aurora Desk Lamp' }).getByTestId('stock').filter({ hasText: '7 in stock' }).waitFor();
  });

  it('a declined card ends FAILED with the reason in plain words, and the cart is kept', async () => {
    await addToCart(page, 'Cirrus Mouse');
    await checkout(page, 'tok_decline');
    await waitForText(page, 'order-status', /Failed/);
    const failure = await page.getByTestId('failure').textContent();
    expect(failure).toMatch(/card was declined/i);
    expect(failure).toMatch(/Nothing was charged/);
    await shot(page, 'order-failed');
    await page.getByRole('link', { name: 'Back to your cart' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Cirrus Mouse/ }).count(), { timeout: 10_000 }).toBe(1);
  });

  it('refreshes an expired access token and lists the order history', async () => {
    const stored = () => page.evaluate(() => JSON.parse((globalThis as unknown as InPage).localStorage.getItem('ordergraph.session')!));
    const before = await stored();
    // As if the access token had expired while the tab was idle.
    await page.evaluate(() => {
      const { localStorage } = globalThis as unknown as InPage;
      const s = JSON.parse(localStorage.getItem('ordergraph.session')!);
      localStorage.setItem('ordergraph.session', JSON.stringify({ ...s, accessExpiresAt: Date.now() - 1000 }));
    });
    await page.getByRole('link', { name: 'Orders' }).click();
    // The previous page (the cart) has a table too: wait for the orders page's.
    await page.waitForURL(/\/orders$/);
    await page.getByRole('table').waitFor();
    await expect.poll(() => page.getByRole('table').getByRole('row').count(), { timeout: 10_000 }).toBe(3); // header + 2 orders
    const after = await stored();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessExpiresAt).toBeGreaterThan(Date.now());
    await shot(page, 'orders');

    // A token the gateway refuses (revoked, or signed by a rotated key): UNAUTHENTICATED, one refresh, one retry.
    await page.evaluate(() => {
      const { localStorage } = globalThis as unknown as InPage;
      const s = JSON.parse(localStorage.getItem('ordergraph.session')!);
      localStorage.setItem('ordergraph.session', JSON.stringify({ ...s, accessToken: 'not-a-valid-token' }));
    });
    await page.getByRole('link', { name: 'Shop' }).click();
    await page.getByRole('link', { name: 'Orders' }).click();
    await page.waitForFunction(() => !(globalThis as unknown as InPage).localStorage.getItem('ordergraph.session')?.includes('not-a-valid-token'));
    await page.getByRole('table').waitFor();
    expect((await stored()).refreshToken).not.toBe(after.refreshToken);
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('signs out: the page forgets the customer and the refresh token is revoked', async () => {
    const { refreshToken } = await page.evaluate(() => JSON.parse((globalThis as unknown as InPage).localStorage.getItem('ordergraph.session')!));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as InPage).localStorage.getItem('ordergraph.session'))).toBeNull();
    // The page signs out at once and tells the server in the background: wait for that.
    await expect
      .poll(async () => (await stack.gql('mutation($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', { t: refreshToken })).body.errors?.[0]?.extensions?.code, { timeout: 5_000 })
      .toBe('UNAUTHENTICATED');
  });

  it('shows API errors in plain words: wrong password', async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    await p.goto(new URL('/signin', storefront.url).toString());
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill('not-the-password');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('alert').filter({ hasText: 'That email and password do not match an account.' }).waitFor();
    await context.close();
  });
});
