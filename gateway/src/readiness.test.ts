import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness.js';

describe('gateway readiness', () => {
  it('is not ready before the supergraph is loaded', async () => {
    expect(await checkReadiness(null)).toEqual({ ready: false, checks: { supergraph: 'not loaded yet' } });
  });
});
