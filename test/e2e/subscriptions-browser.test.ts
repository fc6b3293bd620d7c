import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { CAROL, createOrder, product, setStock } from '../support/orders.js';

// A page served on another origin signs in over HTTP (CORS) and subscribes over WebSocket
// from a real browser: what every SPA on this graph does. The page speaks graphql-transport-ws
// by hand, so nothing but the browser's own fetch and WebSocket is involved.
const CHROMIUM = '/usr/bin/chromium';
const PAGE = (gateway: string) => `<!doctype html><html><body><script>
window.events = []; window.closes = []; window.failures = [];
window.start = async (email, password) => {
  const res = await fetch(${JSON.stringify(gateway)}, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }', variables: { e: email, p: password } }),
  });
  const token = (await res.json()).data.signIn.accessToken;
  const ws = new WebSocket(${JSON.stringify(gateway.replace(/^http/, 'ws'))}, 'graphql-transport-ws');
  ws.onerror = () => window.failures.push('error');
  ws.onclose = (e) => window.closes.push(e.code);
  ws.onopen = () => ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer ' + token } }));
  return new Promise((resolve) => {
    ws.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      if (msg.type === 'connection_ack') {
        ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { myOrderUpdates { id status payment { status } customer { email } } }' } }));
        setTimeout(() => resolve('subscribed'), 300);
      } else if (msg.type === 'next') window.events.push(msg.payload);
      else if (msg.type === 'error') window.failures.push(msg.payload);
    };
  });
};
</script></body></html>`;

function serve(html: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html()));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe.skipIf(!existsSync(CHROMIUM))('a browser on another origin', () => {
  let stack: TestStack;
  let browser: Browser;
  let page: { server: Server; origin: string };
  let other: { server: Server; origin: string };

  beforeAll(async () => {
    let gatewayUrl = '';
    page = await serve(() => PAGE(gatewayUrl));
    other = await serve(() => PAGE(gatewayUrl));
    stack = await startTestStack({ ALLOWED_ORIGINS: page.origin });
    gatewayUrl = stack.gatewayUrl.replace('//localhost:', '//127.0.0.1:');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    page?.server.close();
    other?.server.close();
    await stack?.stop();
  });

  it('signs in over CORS, subscribes over WebSocket and sees the order reach CONFIRMED live', async () => {
    const tab = await browser.newPage();
    await tab.goto(page.origin);
    expect(await tab.evaluate(([e, p]) => (globalThis as any).start(e, p), [CAROL.email, CAROL.password])).toBe('subscribed');
    const p = product(45);
    await setStock(stack, p.id, 5);
    const order = (await createOrder(stack, await stack.signIn(CAROL.email, CAROL.password), { items: [{ productId: p.id, quantity: 1 }] })).body.data.createOrder;
    await tab.waitForFunction(() => (globalThis as any).events.length >= 4, undefined, { timeout: 15_000 });
    const events = await tab.evaluate(() => (globalThis as any).events);
    expect(events.map((e: any) => e.data.myOrderUpdates.status)).toEqual(['PENDING', 'RESERVED', 'PAID', 'CONFIRMED']);
    expect(events[3].data.myOrderUpdates).toEqual({ id: order.id, status: 'CONFIRMED', payment: { status: 'CAPTURED' }, customer: { email: CAROL.email } });
    expect(await tab.evaluate(() => (globalThis as any).failures)).toEqual([]);
    await tab.close();
  });

  it('a page on an origin outside ALLOWED_ORIGINS cannot call the API or open the socket', async () => {
    const tab = await browser.newPage();
    await tab.goto(other.origin);
    await expect(tab.evaluate(([e, p]) => (globalThis as any).start(e, p), [CAROL.email, CAROL.password])).rejects.toThrow(/Failed to fetch/);
    const closes = await tab.evaluate(async (url) => {
      const ws = new (globalThis as any).WebSocket(url, 'graphql-transport-ws');
      return new Promise<number>((resolve) => (ws.onclose = (e: { code: number }) => resolve(e.code)));
    }, stack.gatewayUrl.replace('//localhost:', '//127.0.0.1:').replace(/^http/, 'ws'));
    expect(closes).toBe(1006); // the handshake was refused (HTTP 403)
    await tab.close();
  });
});
