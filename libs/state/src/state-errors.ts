import { decodeOwner } from './circuit-owner-codes';
import { parsePortField } from './port-fields';

/**
 * Typed errors for state conflicts, with Lua result codes mapped to them in one place (house rule 8).
 * The API layer turns PortConflictError into a 409 and NotFoundError into a 404.
 */
export class PortConflictError extends Error {
  override readonly name = 'PortConflictError';
  constructor(
    readonly switchId: string,
    readonly side: 'north' | 'south',
    readonly port: number,
    readonly holder: string,
    message: string,
  ) {
    super(message);
  }
}

export class CrossConnectNotFoundError extends Error {
  override readonly name = 'CrossConnectNotFoundError';
  constructor(
    readonly switchId: string,
    readonly north: number,
  ) {
    super(`switch ${switchId} has no cross-connect on north port ${north}: list the switch's cross-connects and pick one that exists`);
  }
}

/**
 * The write was fenced off: the operation carries an epoch that is not the current leader's. The
 * replica that tried it has lost leadership (or never had it) and must not change anything.
 */
export class NotLeaderError extends Error {
  override readonly name = 'NotLeaderError';
  constructor(
    readonly epoch: number,
    readonly holderEpoch: number,
  ) {
    super(
      `this orchestrator's epoch ${epoch} is not the leader's (${holderEpoch || 'no leader'}): it has lost leadership, so nothing was written; retry against the leader`,
    );
  }
}

/** The fabric is frozen by an operator: no new operation is accepted until it is unfrozen. */
export class FabricFrozenError extends Error {
  override readonly name = 'FabricFrozenError';
  constructor() {
    super('the fabric is frozen: no operation is accepted until an operator unfreezes it');
  }
}

/**
 * The operation would remove a circuit that belongs to another owner it may not displace
 * (docs/api.md, "Circuit owners"); nothing was written.
 */
export class CircuitOwnerConflictError extends Error {
  override readonly name = 'CircuitOwnerConflictError';
  constructor(
    readonly switchId: string,
    readonly north: number,
    readonly owner: string,
    message: string,
  ) {
    super(message);
  }

  /** From a script's {6, ..., north, owner code} result; `why` words it for the operation that was refused. */
  static fromCode(switchId: string, north: number, code: string, why: (owner: string) => string): CircuitOwnerConflictError {
    const owner = decodeOwner(code);
    return new CircuitOwnerConflictError(switchId, north, owner, `the cross-connect on north port ${north} of switch ${switchId} belongs to ${owner}: ${why(owner)}`);
  }
}

/**
 * Maps the claim script's non-zero result to the error the caller sees (the one map of claim codes).
 * `switchOf` turns the script's 1-based switch number into the switch id; `wording` is how the
 * refused operation is described: a caller's own cross-connects ('cross-connects') or a plan ('plan').
 */
export function claimResultError(
  result: (string | number)[],
  epoch: number,
  switchOf: (n: number) => string,
  wording: 'cross-connects' | 'plan',
): Error {
  const [code, a, b, c] = result;
  const sw = switchOf(Number(a));
  const plan = wording === 'plan';
  switch (Number(code)) {
    case 4:
      return new NotLeaderError(epoch, Number(a));
    case 5:
      return new FabricFrozenError();
    case 1:
      return plan
        ? new PortConflictError(sw, 'north', Number(b), 'cross-connect', `the plan removes a cross-connect on north port ${b} of switch ${sw} that is not there (any more): plan again from the current state`)
        : new CrossConnectNotFoundError(sw, Number(b));
    case 2: {
      const side = b as 'north' | 'south';
      return new PortConflictError(
        sw,
        side,
        Number(c),
        'cross-connect',
        plan
          ? `the plan adds a cross-connect on ${side} port ${c} of switch ${sw}, which already has one: plan again from the current state`
          : `${side} port ${c} of switch ${sw} already has a cross-connect: delete it first or pick a free port`,
      );
    }
    case 3: {
      const { side, port } = parsePortField(String(b));
      return new PortConflictError(sw, side, Number(port), 'operation', `${side} port ${port} of switch ${sw} is held by another operation in flight: wait for it to finish and retry`);
    }
    case 7:
      return new PortConflictError(
        sw,
        'north',
        Number(b),
        'cross-connect',
        `the cross-connect on north port ${b} of switch ${sw} changed owner since the plan (now ${decodeOwner(String(c))}): plan again from the current state`,
      );
    case 6:
      return CircuitOwnerConflictError.fromCode(sw, Number(b), String(c), (owner) =>
        owner.startsWith('reservation:')
          ? `its circuits go only with the reservation (release it, or preempt it)`
          : `this operation may not displace it: plan again from the current state`,
      );
    default:
      return new Error(`state: unexpected claim result ${JSON.stringify(result)}`);
  }
}

/**
 * Redis did not answer: it is down, restarting, or the connection to it is broken. Retriable by
 * nature; the API answers 503 STATE_UNAVAILABLE with Retry-After. A write refused this way was not
 * applied; one that timed out on a live connection (a stalled Redis) runs whole or not at all, since
 * every multi-key write is one Lua script or MULTI.
 */
export class StateUnavailableError extends Error {
  override readonly name = 'StateUnavailableError';
  /** Seconds a client should wait before retrying (the API's Retry-After). */
  readonly retryAfterSeconds = 2;
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`the state store (Redis) is unavailable (${detail}): nothing was changed; retry in a few seconds`, options);
  }
}

export function isStateUnavailable(err: unknown): err is StateUnavailableError {
  return err instanceof StateUnavailableError;
}
