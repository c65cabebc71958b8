/** Injection tokens of the switch agent (house rule 3: tokens as named constants). */
export const PRODUCER = Symbol('PRODUCER');
export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');
export const TOPICS = Symbol('TOPICS');
