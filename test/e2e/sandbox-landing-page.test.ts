// Apollo Sandbox, the gateway's landing page outside production, opened in Chromium. No CDN is
// reachable here, so Apollo's hosts are answered by route interception: a stub of the
// embeddable Sandbox script that does what the real one does from this page (an iframe of
// sandbox.embed.apollographql.com; the operations relayed from it run here, same-origin, over
// HTTP and graphql-ws). The page's CSP must admit all of it and report no violation.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, loadGatewayConfig, type Gateway } from '@ordergraph/gateway';

// What page callbacks touch in the browser (this tsconfig has no DOM types).
declare const window: any, document: any;

const CHROMIUM = '/usr/bin/chromium';
const screenshotsDir = process.env.SCREENSHOTS_DIR ? path.resolve(process.env.SCREENSHOTS_DIR) : null;

/** The embeddable Sandbox, reduced to what touches the CSP: iframe, HTTP and WebSocket to the endpoint. */
const SANDBOX_STUB = `
window.EmbeddedSandbox = function (config) {
  const stub = (window.__stub = { ran: true, endpoint: config.initialEndpoint });
  const frame = document.createElement('iframe');
  frame.src = 'https://sandbox.embed.apollographql.com/sandbox/explorer';
  document.querySelector(config.target).appendChild(frame);
  fetch(config.initialEndpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })
    .then((r) => r.json()).then((body) => { stub.http = body.data.__typename; }, (e) => { stub.http = String(e); });
  const ws = new WebSocket(config.initialEndpoint.replace(/^http/, 'ws'), 'graphql-transport-ws');
  ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  ws.onmessage = (m) => { stub.ws = JSON.parse(m.data).type; ws.close(); };
  ws.onerror = () => { stub.ws = 'error'; };
};`;
const FRAME_STUB = `<!doctype html><body style="font:24px sans-serif;margin:2em">Apollo Sandbox (stubbed iframe) loaded</body>`;
const FONT_CSS = `@font-face { font-family: 'Source Sans Pro'; src: url(https://fonts.gstatic.com/s/sourcesanspro/stub.woff2) format('woff2'); }`;

describe.skipIf(!existsSync(CHROMIUM))('Apollo Sandbox landing page in Chromium', () => {
  let gateway: Gateway;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    // The gateway alone: rendering the page and a `{ __typename }` need no subgraph.
    gateway = createGateway(loadGatewayConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', JWKS_URL: 'http://127.0.0.1:9/jwks.json' }));
    url = await gateway.start(0, '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.stop();
  });

  async function openSandbox(): Promise<{ page: Page; violations: string[]; cdn: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const violations: string[] = [];
    const cdn: string[] = [];
    // Registered before any page script; Playwright's init scripts are not subject to the page's CSP.
    await context.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e: any) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
    });
    // Anything else leaving the machine is refused (and would show up as a failed load, not a hang).
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    await context.route('https://embeddable-sandbox.cdn.apollographql.com/**', (route) => {
      cdn.push(route.request().url());
      return route.fulfill({ contentType: 'application/javascript', body: SANDBOX_STUB });
    });
    await context.route('https://sandbox.embed.apollographql.com/**', (route) => route.fulfill({ contentType: 'text/html', body: FRAME_STUB }));
    await context.route('https://fonts.googleapis.com/**', (route) => route.fulfill({ contentType: 'text/css', body: FONT_CSS }));
    const page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    return { page, violations, cdn };
  }

  it('serves the page with a CSP of its own, the API keeps the strict one', async () => {
    const html = await fetch(url, { headers: { accept: 'text/html' } });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = html.headers.get('content-security-policy') ?? '';
    const nonce = /nonce="([0-9a-f]{64})"/.exec(await html.text())?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain(`script-src 'nonce-${nonce}' https://embeddable-sandbox.cdn.apollographql.com`);
    expect(csp).toContain('frame-src https://sandbox.embed.apollographql.com');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const api = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('loads Apollo\'s script and frame, runs its nonce\'d inline script, reaches the endpoint over HTTP and WebSocket, with no CSP violation', async () => {
    const { page, violations, cdn } = await openSandbox();
    await page.goto(url);
    await page.waitForFunction(() => window.__stub?.http && window.__stub?.ws, undefined, { timeout: 10_000 });
    const stub = await page.evaluate(() => window.__stub);
    expect(cdn).toHaveLength(1);
    expect(stub).toEqual({ ran: true, endpoint: url, http: 'Query', ws: 'connection_ack' });
    await page.frameLocator('iframe').getByText('Apollo Sandbox (stubbed iframe) loaded').waitFor({ timeout: 5000 });
    if (screenshotsDir) {
      mkdirSync(screenshotsDir, { recursive: true });
      await page.screenshot({ path: path.join(screenshotsDir, 'sandbox-landing-page.png') });
    }
    expect(violations).toEqual([]);

    // The listener does catch violations: a script from anywhere else is blocked and reported.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.src = 'https://evil.example/x.js';
      document.body.appendChild(s);
    });
    await expect.poll(() => violations.join('\n')).toMatch(/script-src.*evil\.example/);
    await page.context().close();
  });
});
