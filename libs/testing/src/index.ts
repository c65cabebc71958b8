/** Process and polling helpers shared by the end-to-end tests and the benchmarks (never by the apps). */
export * from './app-process';
export * from './wait-for';
export * from './event-stream';
export * from './private-infra';
export * from './private-ha-infra';
export * from './chromium';
