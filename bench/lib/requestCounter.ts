import { Server } from 'node:http';

/**
 * Count GraphQL executions in this (server) process as POSTs to /graphql: every execution the
 * benchmarks send is one POST. Counted on the HTTP server's 'request' event, so the services
 * under test are untouched. Returns a reader of the count so far.
 */
export function countGraphqlRequests(): () => number {
  let count = 0;
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string, ...args: any[]) {
    if (event === 'request' && args[0]?.method === 'POST' && String(args[0].url).startsWith('/graphql')) count += 1;
    return (emit as (...a: unknown[]) => boolean).call(this, event, ...args);
  } as typeof emit;
  return () => count;
}
