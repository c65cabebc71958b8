/** Public API of @lightpath/mems-sim: the SwitchDriver seam and its simulated MEMS implementation. */
export * from './switch-driver';
export { emitDriverEvent } from './driver-events';
export * from './mems-sim.driver';
export * from './mems-sim.options';
export * from './mems-sim.constants';
export * from './mems-sim.errors';
export * from './fault-injector';
export * from './fault-request.schema';
export * from './sim-profile.types';
export { ProfileSampler, resolveProfile } from './sim-profile.sampler';
export { SeededRandom, deriveSeed } from './seeded-random';
export { checkPair, checkPortRef, pairFromPortRefs, pairLabel, portLabel } from './pair.validate';
export type { Checked, PortDimensions, Rejection } from './pair.validate';
export type { HealthCause, LossThresholds, PortCondition } from './port-health.tracker';
