import { describe, expect, it } from 'vitest';
import { dist, GatewayInternalsError, INCOMING_OPERATION, readGatewayState, TESTED_GATEWAY_VERSION } from './gatewayInternals.js';

// The executor leans on non-public parts of @apollo/gateway: when they move, start-up must
// stop with a message that says what moved and what to do, not fall back quietly.
describe('gatewayInternals', () => {
  it('names a missing private field of ApolloGateway, the tested version and the way out', () => {
    const error = (() => {
      try {
        readGatewayState({ supergraphSchema: {}, apiSchema: {}, serviceMap: {} });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(GatewayInternalsError);
    expect(error?.message).toContain('private field `queryPlanner`');
    expect(error?.message).toContain(`written against ${TESTED_GATEWAY_VERSION}`);
    expect(error?.message).toContain('GATEWAY_EXECUTOR=apollo');
  });

  it('refuses a data source missing from the service map', () => {
    expect(() => readGatewayState({ supergraphSchema: {}, apiSchema: {}, queryPlanner: {}, serviceMap: { orders: {} } })).toThrow(/serviceMap\["orders"\]\.dataSource/);
  });

  it('names a dist module or helper that is gone', () => {
    expect(() => dist('noSuchModule.js', [])).toThrow(/no longer provides the module dist\/noSuchModule\.js/);
    expect(() => dist('dataRewrites.js', ['noSuchHelper'])).toThrow(/no longer provides noSuchHelper\(\) in dist\/dataRewrites\.js/);
  });

  it('uses the data source request kind @apollo/gateway uses', () => {
    const { GraphQLDataSourceRequestKind } = dist<{ GraphQLDataSourceRequestKind: Record<string, string> } & Record<string, any>>('datasources/types.js', []);
    expect(INCOMING_OPERATION).toBe(GraphQLDataSourceRequestKind.INCOMING_OPERATION);
  });

  it('accepts the installed version', () => {
    expect(typeof dist('dataRewrites.js', ['applyRewrites']).applyRewrites).toBe('function');
  });
});
