import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@ordergraph/telemetry';
import { installProcessPolicy } from './processPolicy.js';

function harness() {
  const lines: Array<Record<string, any>> = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const logger = createLogger({ service: 'test', level: 'info', pretty: false, destination: destination as any });
  const target = new EventEmitter();
  const fatal: unknown[] = [];
  const counted: string[] = [];
  const uninstall = installProcessPolicy({ logger, target, fatal: (e) => fatal.push(e), count: (kind, action) => counted.push(`${kind}:${action}`) });
  return { lines, target, fatal, counted, uninstall };
}

describe('installProcessPolicy', () => {
  it('logs an unhandled rejection with its reason and keeps serving', () => {
    const h = harness();
    h.target.emit('unhandledRejection', new Error('entity load failed later'), Promise.resolve());
    expect(h.fatal).toEqual([]);
    expect(h.counted).toEqual(['unhandledRejection:continued']);
    expect(h.lines[0]).toMatchObject({ level: 'error', event: 'unhandledRejection', action: 'continued', err: { message: 'entity load failed later' } });
  });

  it('keeps serving after an uncaught connection error (a pg client emitting 57P01 with nobody listening)', () => {
    const h = harness();
    h.target.emit('uncaughtException', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    h.target.emit('uncaughtException', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    expect(h.fatal).toEqual([]);
    expect(h.counted).toEqual(['uncaughtException:continued', 'uncaughtException:continued']);
  });

  it('stops the process (once) for any other uncaught exception, logged as fatal', () => {
    const h = harness();
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    h.target.emit('uncaughtException', bug);
    h.target.emit('uncaughtException', new Error('a second one while stopping'));
    expect(h.fatal).toEqual([bug]);
    expect(h.counted).toEqual(['uncaughtException:exited', 'uncaughtException:exited']);
    expect(h.lines[0]).toMatchObject({ level: 'fatal', event: 'uncaughtException', action: 'exited' });
  });

  it('uninstalls its listeners', () => {
    const h = harness();
    h.uninstall();
    expect(h.target.listenerCount('unhandledRejection') + h.target.listenerCount('uncaughtException')).toBe(0);
  });
});
