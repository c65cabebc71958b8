/** Injection tokens of the orchestrator (house rule 3). */
export const PRODUCER = Symbol('PRODUCER');
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
export const TOPICS = Symbol('TOPICS');
export const STATE = Symbol('STATE');
