export * from './messaging.constants';
export * from './logger';
export * from './kafka-connection';
export * from './topic-admin';
export * from './json-producer';
export * from './validated-consumer';
export * from './kafka-event.server';
