import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { createBatchedStdout, createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, any>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level, time, service and the message', () => {
    const out = capture();
    const logger = createLogger({ service: 'orders', destination: out.destination });
    logger.info({ requestId: 'r-1', durationMs: 12.5 }, 'graphql request');
    const [line] = out.parsed();
    expect(line).toMatchObject({ level: 'info', service: 'orders', requestId: 'r-1', durationMs: 12.5, msg: 'graphql request' });
    expect(new Date(line!.time).getTime()).not.toBeNaN();
  });

  it('redacts passwords, tokens, authorization headers and card data, however they are nested', () => {
    const out = capture();
    const logger = createLogger({ service: 'accounts', destination: out.destination });
    logger.warn(
      {
        password: 'hunter2-top-level',
        input: { email: 'a@b.c', password: 'hunter2-nested', newPassword: 'hunter3-nested' },
        headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.secret-jwt', 'x-ordergraph-identity': 'signed-identity-jwt', cookie: 'sid=s3cr3t' },
        result: { signIn: { accessToken: 'access-token-value', refreshToken: 'refresh-token-value' } },
        payment: { cardNumber: '4242424242424242', cvc: '123', card: { number: '4000000000000002', expMonth: 12 } },
        variables: { input: { token: 'reset-token-value' } },
        items: [{ Authorization: 'Bearer array-item-secret' }, 'plain'],
      },
      'something odd',
    );
    const text = out.lines.join('\n');
    for (const secret of [
      'hunter2-top-level',
      'hunter2-nested',
      'hunter3-nested',
      'secret-jwt',
      'signed-identity-jwt',
      's3cr3t',
      'access-token-value',
      'refresh-token-value',
      '4242424242424242',
      '4000000000000002',
      'reset-token-value',
      'array-item-secret',
    ]) {
      expect(text).not.toContain(secret);
    }
    const [line] = out.parsed();
    expect(line!.input).toEqual({ email: 'a@b.c', password: '[REDACTED]', newPassword: '[REDACTED]' });
    expect(line!.payment.cvc).toBe('[REDACTED]');
    expect(line!.items).toEqual([{ Authorization: '[REDACTED]' }, 'plain']);
    expect(line!.msg).toBe('something odd');
  });

  it('honours the level: debug lines are dropped at info', () => {
    const out = capture();
    const logger = createLogger({ service: 'gateway', level: 'info', destination: out.destination });
    logger.debug('hidden');
    logger.info('shown');
    expect(out.parsed().map((l) => l.msg)).toEqual(['shown']);
  });
});

describe('createBatchedStdout', () => {
  it('writes the lines of one turn of the event loop in one write, in order, by the end of that turn', async () => {
    const writes: string[] = [];
    const destination = createBatchedStdout({ write: (text: string) => writes.push(text) });
    const logger = pino({ base: null, timestamp: false }, destination);
    logger.info('one');
    logger.info('two');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes.map((w) => w.split('\n').filter(Boolean).map((l) => JSON.parse(l).msg))).toEqual([['one', 'two']]);
    logger.warn('three');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
    expect(JSON.parse(writes[1]!).msg).toBe('three');
  });

  it('writes pending lines at once on flush (shutdown) and writes nothing when none are pending', () => {
    const writes: string[] = [];
    const destination = createBatchedStdout({ write: (text: string) => writes.push(text) });
    const logger = pino({ base: null, timestamp: false }, destination);
    logger.error('last words');
    logger.flush();
    expect(writes).toHaveLength(1);
    expect(JSON.parse(writes[0]!).msg).toBe('last words');
    destination.flushSync();
    expect(writes).toHaveLength(1);
  });
});
