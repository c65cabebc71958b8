export * from './topics';
export * from './primitives.schema';
export * from './commands.schema';
export * from './events.schema';
export * from './dead-letter.schema';
export * from './api.schema';
export * from './decode';
export * from './staged-operation.schema';
