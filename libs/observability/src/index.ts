export * from './logger';
export * from './config';
export * from './metrics';
export * from './last-resort';
export * from './backoff';
export * from './loop-runner';
