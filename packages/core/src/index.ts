export * from './errors.js';
export * from './pagination.js';
export * from './scalars.js';
export * from './identity.js';
export * from './config.js';
export * from './opsConfig.js';
export * from './serviceToken.js';
export * from './wellKnown.js';
