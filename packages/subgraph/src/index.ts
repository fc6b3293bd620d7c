// The Prisma/Apollo subgraph library: a federated subgraph service (schema with the shared
// directives, authorization, rate limits, entity guards, WebSocket subscriptions) on a migrated
// Prisma database. Built on @ordergraph/http.
export * from './subgraph.js';
export * from './prismaSubgraph.js';
export * from './subscriptionServer.js';
export { markSubscriptionPosition, subscriptionResumePoint } from './subscriptionResume.js';
export * from './security/authorization.js';
export * from './security/rateLimitDirective.js';
export * from './security/requestMeta.js';
