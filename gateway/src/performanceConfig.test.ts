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
