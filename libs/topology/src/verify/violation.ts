/**
 * What the verifier reports. A violation is data, not an exception: callers (tests, the CLI, the
 * orchestrator's reconciler) decide what to do with a list of them.
 *
 * Invariant names match shared/design/architecture.md where one exists (I1, I2, I7); the others
 * are the topology engine's own checks.
 */
export const INVARIANTS = {
  onePortOneOwner: 'I1 one owner per port',
  northToSouth: 'I1 north to south of one switch',
  health: 'I2 health',
  capacityGuard: 'I7 capacity guard',
  fibres: 'F fibres respected',
  linkCounts: 'L link counts exact',
  torus: 'T torus neighbours',
  diff: 'D diff consistent',
} as const;

export type InvariantName = (typeof INVARIANTS)[keyof typeof INVARIANTS];

export interface Violation {
  invariant: InvariantName;
  message: string;
  switchId?: string;
  endpoint?: string;
}
