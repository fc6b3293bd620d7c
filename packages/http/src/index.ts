// The HTTP and Apollo Server plumbing every service shares (gateway and subgraphs): the GraphQL
// HTTP handler, health/readiness, metrics, error formatting, request telemetry, lifecycle and
// process policy. Nothing here loads Prisma, PGlite or pg: the gateway imports this package only.
export * from './httpHandler.js';
export * from './formatError.js';
export * from './service.js';
export * from './runService.js';
export * from './processPolicy.js';
export * from './lifecycle.js';
export * from './readiness.js';
export * from './plugins/useRequestTelemetry.js';
export * from './plugins/useRetryHints.js';
export * from './http/clientIp.js';
export * from './http/cors.js';
export * from './http/securityHeaders.js';
export * from './http/contentSecurityPolicy.js';
export * from './http/serverLimits.js';
export * from './security/rateLimiter.js';
export * from './security/redis.js';
export * from './webSocketErrors.js';
