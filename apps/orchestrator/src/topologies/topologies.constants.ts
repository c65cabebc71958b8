/** Injection tokens and names of the topologies feature (house rules 3 and 5). */
export const FABRIC_SPEC_STORE = Symbol('FABRIC_SPEC_STORE');
export const TOPOLOGY_STORE = Symbol('TOPOLOGY_STORE');

/** A topology name goes into URLs and Redis hash fields: keep it short and unambiguous. */
export const TOPOLOGY_NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/;

/** Stable error codes of this feature (docs/api.md). */
export const TOPOLOGY_ERRORS = {
  invalidSpec: 'INVALID_FABRIC_SPEC',
  specMissing: 'FABRIC_SPEC_MISSING',
  specMismatch: 'FABRIC_SPEC_MISMATCH',
  invalidIntent: 'INVALID_INTENT',
  infeasible: 'INTENT_INFEASIBLE',
  stateConflict: 'STATE_CONFLICT',
  planUnverified: 'PLAN_FAILED_VERIFICATION',
  topologyNotFound: 'TOPOLOGY_NOT_FOUND',
  nameTaken: 'TOPOLOGY_NAME_TAKEN',
  /** The plan removes other owners' circuits and the request did not say `displace: true`. */
  displacesOthers: 'DISPLACES_OTHER_OWNERS',
  /** `displace: true`, but the caller's role may not displace some of those owners. */
  displaceForbidden: 'DISPLACE_FORBIDDEN',
} as const;
