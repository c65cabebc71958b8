/** Injection token of the fabric's shared watch channel (libs/state EventChannel). */
export const WATCH_CHANNEL = Symbol('WATCH_CHANNEL');
