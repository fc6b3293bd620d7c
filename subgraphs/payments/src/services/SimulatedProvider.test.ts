import { describe, expect, it } from 'vitest';
import { ProviderUnavailable, SimulatedProvider } from './SimulatedProvider.js';

const provider = (overrides = {}) =>
  new SimulatedProvider({ declineTokens: ['tok_decline'], declineOverAmount: 10_000, latencyMs: 0, failureRate: 0, ...overrides });

describe('SimulatedProvider', () => {
  it('approves ordinary tokens and amounts up to the limit', async () => {
    expect(await provider().authorize('tok_visa', 10_000)).toEqual({ approved: true });
  });

  it('declines configured tokens and amounts over the limit, with a readable reason', async () => {
    expect(await provider().authorize('tok_decline', 100)).toEqual({ approved: false, reason: 'The card was declined.' });
    expect(await provider().authorize('tok_visa', 10_001)).toMatchObject({ approved: false, reason: expect.stringMatching(/limit/) });
  });

  it('fails transiently at the configured rate', async () => {
    const rolls = [0.05, 0.5, 0.2, 0.9];
    const p = provider({ failureRate: 0.25, random: () => rolls.shift()! });
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await p.authorize('tok_visa', 1).then(() => 'ok', (e) => (e instanceof ProviderUnavailable ? 'down' : 'other')));
    expect(outcomes).toEqual(['down', 'ok', 'down', 'ok']);
  });

  it('adds the configured latency', async () => {
    const started = performance.now();
    await provider({ latencyMs: 50 }).authorize('tok_visa', 1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });
});
