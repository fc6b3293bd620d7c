// The HTTP and Apollo plumbing without the subgraph/database helpers: the gateway imports
// this entry so it does not load Prisma, PGlite and pg (~50 MB of RSS it never uses).
export * from './httpHandler.js';
export * from './formatError.js';
export * from './service.js';
export * from './runService.js';
export * from './processPolicy.js';
export * from './http/clientIp.js';
export * from './http/cors.js';
export * from './http/securityHeaders.js';
export * from './security/authorization.js';
export * from './security/rateLimiter.js';
export * from './security/redis.js';
export * from './lifecycle.js';
export * from './readiness.js';
export * from './plugins/useRequestTelemetry.js';
export * from './plugins/useRetryHints.js';
export * from './http/contentSecurityPolicy.js';
