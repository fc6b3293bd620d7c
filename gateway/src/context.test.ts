import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { IdentityCodec, signAccessToken } from '@ordergraph/core';
import { loadGatewayConfig } from './config.js';
import { createContextFactory } from './context.js';

const config = loadGatewayConfig({ NODE_ENV: 'test' });
const codec = new IdentityCodec(config.identitySecret);
const createContext = createContextFactory(config, codec);
const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('createContextFactory', () => {
  it('signs the verified caller once per request, for the subgraphs', async () => {
    const token = await signAccessToken({ customerId: 'cust-bob', role: 'ADMIN' }, { ...config.jwt, ttlSeconds: 60 });
    const context = await createContext(request({ authorization: `Bearer ${token}` }));
    expect(context.identity).toEqual({ customerId: 'cust-bob', role: 'ADMIN' });
    const first = context.identityHeader();
    expect(context.identityHeader()).toBe(first); // every subgraph fetch of the request reuses it
    expect(await codec.verify(await first)).toEqual({ customerId: 'cust-bob', role: 'ADMIN' });
  });

  it('forwards no identity for an anonymous caller', async () => {
    const context = await createContext(request({}));
    expect(context.identity).toBeNull();
    expect(await context.identityHeader()).toBeNull();
  });

  it('rejects a bad Authorization header instead of treating it as anonymous', async () => {
    await expect(createContext(request({ authorization: 'Bearer nope' }))).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('keeps a well-formed x-request-id and replaces anything else', async () => {
    expect((await createContext(request({ 'x-request-id': 'req-42.a:b_c' }))).requestId).toBe('req-42.a:b_c');
    for (const bad of ['has space', 'x'.repeat(129), 'line\nbreak', '']) {
      const { requestId } = await createContext(request({ 'x-request-id': bad }));
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const a = await createContext(request({}));
    const b = await createContext(request({}));
    expect(a.requestId).not.toBe(b.requestId);
  });
});
