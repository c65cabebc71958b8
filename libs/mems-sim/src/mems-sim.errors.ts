/**
 * Typed errors of the simulator, so callers (the agent's admin endpoint, tests) branch on the kind
 * rather than on message text. Refused pairs are NOT errors: connect/disconnect report them per pair
 * with a RejectCode, because a batch succeeds or fails pair by pair.
 * Messages start with "mems-sim/<operation>:" and say what to do.
 */

export type MemsSimErrorKind = 'invalid-argument' | 'not-found' | 'closed';

export abstract class MemsSimError extends Error {
  abstract readonly kind: MemsSimErrorKind;

  constructor(operation: string, message: string) {
    super(`mems-sim/${operation}: ${message}`);
    this.name = new.target.name;
  }
}

/** Bad options or fault arguments (out-of-range port, negative drift, malformed fault request). */
export class MemsSimInvalidArgumentError extends MemsSimError {
  readonly kind = 'invalid-argument' as const;
}

/** The fault names something that does not exist, e.g. drift on a pair that is not connected. */
export class MemsSimNotFoundError extends MemsSimError {
  readonly kind = 'not-found' as const;
}

/** The driver was closed; create a new one. Terminal: retrying cannot help. */
export class MemsSimClosedError extends MemsSimError {
  readonly kind = 'closed' as const;
}
