import { describe, expect, it } from 'vitest';
import { loadPerformanceConfig } from './performanceConfig.js';

describe('GATEWAY_OVERRIDE_LABELS', () => {
  it('is a comma-separated list of custom @override labels, none by default', () => {
    expect(loadPerformanceConfig({}).overrideLabels).toEqual([]);
    expect(loadPerformanceConfig({ GATEWAY_OVERRIDE_LABELS: ' beta, tier-v2 ,' }).overrideLabels).toEqual(['beta', 'tier-v2']);
  });

  it('refuses percent(N) labels (rolled per request) and malformed labels, naming the variable', () => {
    expect(() => loadPerformanceConfig({ GATEWAY_OVERRIDE_LABELS: 'percent(50)' })).toThrow(/GATEWAY_OVERRIDE_LABELS/);
    expect(() => loadPerformanceConfig({ GATEWAY_OVERRIDE_LABELS: 'beta,2fast' })).toThrow(/GATEWAY_OVERRIDE_LABELS/);
  });
});

describe('GATEWAY_MAX_CONCURRENT_OPERATIONS', () => {
  it('bounds the operations executing at once, 16 by default, 0 for no bound', () => {
    expect(loadPerformanceConfig({}).maxConcurrentOperations).toBe(16);
    expect(loadPerformanceConfig({ GATEWAY_MAX_CONCURRENT_OPERATIONS: '0' }).maxConcurrentOperations).toBe(0);
    expect(loadPerformanceConfig({ GATEWAY_MAX_CONCURRENT_OPERATIONS: '32' }).maxConcurrentOperations).toBe(32);
  });

  it('refuses a negative or fractional bound, naming the variable', () => {
    expect(() => loadPerformanceConfig({ GATEWAY_MAX_CONCURRENT_OPERATIONS: '-1' })).toThrow(/GATEWAY_MAX_CONCURRENT_OPERATIONS/);
    expect(() => loadPerformanceConfig({ GATEWAY_MAX_CONCURRENT_OPERATIONS: 'many' })).toThrow(/GATEWAY_MAX_CONCURRENT_OPERATIONS/);
  });
});
