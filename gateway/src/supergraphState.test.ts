import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SUPERGRAPH_PATH, loadGatewayConfig } from './config.js';
import { jwksUrlFor } from './jwks.js';
import { createGateway, type Gateway } from './server.js';

const OURS = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
const ACCOUNTS_AT = (url: string) => OURS.replace('name: "accounts", url: "http://localhost:4001/graphql"', `name: "accounts", url: "${url}"`);

describe('jwksUrlFor', () => {
  it('prefers JWKS_URL, else the accounts endpoint of the loaded supergraph, else none', () => {
    const endpoints = [{ name: 'accounts', url: 'http://accounts:4001/graphql' }];
    expect(jwksUrlFor('https://issuer.example/jwks.json', endpoints)).toBe('https://issuer.example/jwks.json');
    expect(jwksUrlFor(null, endpoints)).toBe('http://accounts:4001/.well-known/jwks.json');
    expect(jwksUrlFor(null, [{ name: 'orders', url: 'http://orders:4003/graphql' }])).toBeNull();
    expect(jwksUrlFor(null, null)).toBeNull();
  });
});

describe('the gateway’s JWKS URL', () => {
  let dir: string | undefined;
  let gateway: Gateway | undefined;
  afterAll(async () => {
    await gateway?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('comes from the supergraph it loads and follows a hot reload that moves the accounts subgraph', async () => {
    expect(ACCOUNTS_AT('http://x/graphql')).not.toBe(OURS);
    dir = await mkdtemp(path.join(tmpdir(), 'gateway-jwks-'));
    const file = path.join(dir, 'supergraph.graphql');
    await writeFile(file, OURS);
    gateway = createGateway(loadGatewayConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', SUPERGRAPH_PATH: file, LOG_LEVEL: 'warn' }));
    expect(gateway.jwksUrl()).toBeNull(); // nothing loaded yet: derived, not read beside the gateway
    await gateway.start(0, '127.0.0.1');
    expect(gateway.jwksUrl()).toBe('http://localhost:4001/.well-known/jwks.json');

    await writeFile(file, ACCOUNTS_AT('http://127.0.0.1:9/accounts/graphql'));
    await vi.waitFor(() => expect(gateway?.jwksUrl()).toBe('http://127.0.0.1:9/.well-known/jwks.json'), { timeout: 10_000, interval: 50 });
  });
});
