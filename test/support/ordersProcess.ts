import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startTestStack, type TestStack } from '@ordergraph/testing';
import { ChildService, freePort } from './childService.js';
import { FaultProxy } from './faultProxy.js';

export interface OrdersInChildProcess {
  stack: TestStack;
  /** Sits between the orders process and payments, so a test can slow or break payments. */
  proxy: FaultProxy;
  /** The orders service as a real process: kill it, start it again on the same port and data. */
  orders: ChildService;
  /** The orders process's base URL (`/graphql`, `/health/ready`). */
  ordersBase: string;
  stop(): Promise<void>;
}

/**
 * The whole stack in this process except orders, which runs as its own process (so it can
 * really be killed or sent SIGTERM mid-saga) on its own database: a PGlite directory, or a
 * PostgreSQL schema when TEST_DATABASE_URL is set. The gateway routes to it.
 */
export async function startOrdersInChildProcess(
  name: string,
  extraEnv: Record<string, string>,
  /** On top of the in-process stack's environment (e.g. another DATABASE_URL or REDIS_URL). */
  stackEnv: Record<string, string> = {},
): Promise<OrdersInChildProcess> {
  const proxy = new FaultProxy();
  const paymentsViaProxy = await proxy.start();
  const port = await freePort();
  const stack = await startTestStack({ SUBGRAPH_URL_ORDERS: `http://127.0.0.1:${port}/graphql`, ...stackEnv });
  proxy.target = stack.subgraphs.payments.url;
  const dataDir = await mkdtemp(path.join(tmpdir(), `ordergraph-${name}-`));
  const schemaPrefix = `${name}${process.pid}_`;
  const databaseUrl = process.env.TEST_DATABASE_URL;
  const orders = new ChildService('subgraphs/orders/src/index.ts', {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA_PREFIX: schemaPrefix } : { DATA_DIR: dataDir }),
    PRODUCTS_URL: stack.subgraphs.products.url,
    PAYMENTS_URL: paymentsViaProxy,
    ...extraEnv,
  });
  await orders.start();
  return {
    stack,
    proxy,
    orders,
    ordersBase: `http://127.0.0.1:${port}`,
    async stop() {
      await orders.kill();
      await stack.stop();
      await proxy.stop();
      await rm(dataDir, { recursive: true, force: true });
      if (databaseUrl) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS "${schemaPrefix}orders" CASCADE`).finally(() => client.end());
      }
    },
  };
}
