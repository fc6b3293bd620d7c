export * from './httpHandler.js';
export * from './formatError.js';
export * from './service.js';
export * from './subgraph.js';
export * from './runService.js';
export * from './prismaSubgraph.js';
export * from './subscriptionServer.js';
