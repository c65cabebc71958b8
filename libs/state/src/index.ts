export * from './keys';
export * from './state-errors';
export * from './redis-connection';
export * from './switch-registry';
export * from './operation-store';
export * from './actual-state';
export * from './audit-log';
export * from './fabric-state';
