/**
 * Typed errors of the topology engine (house rule 2, after graphology's `errors.js`).
 *
 * Every message starts with `topology/<module>/<function>:` so a log line says where it came from,
 * and ends with what the caller can do about it. Tests check the class (and `rule` for infeasible
 * requests), never the wording.
 *
 * A *violation* found by the verifier is not an error: the verifier returns a list and never throws.
 */

/** Base class: `where` is `module/function`, e.g. `slices/planSlice`. */
export abstract class TopologyError extends Error {
  abstract readonly kind: 'invalid-argument' | 'not-found' | 'conflict' | 'infeasible';
  readonly where: string;

  constructor(where: string, message: string) {
    super(`topology/${where}: ${message}`);
    this.where = where;
    this.name = new.target.name;
  }
}

/**
 * The input is malformed or out of range; fix the input and call again. `rule`, when set, names the
 * input rule it breaks (e.g. `no-loopback`, `links-exceed-ports`) so callers can branch on it.
 */
export class TopologyInvalidArgumentError extends TopologyError {
  readonly kind = 'invalid-argument' as const;
  readonly rule?: string;

  constructor(where: string, message: string, rule?: string) {
    super(where, rule ? `[${rule}] ${message}` : message);
    if (rule) this.rule = rule;
  }
}

/** One problem found in a fabric spec: `path` is the field path, e.g. `fibres[12].port`. */
export interface SpecIssue {
  path: string;
  message: string;
}

/**
 * A fabric spec failed validation. `issues` lists every problem with its field path, so an
 * operator fixes them all in one pass instead of one per run.
 */
export class TopologySpecError extends TopologyInvalidArgumentError {
  readonly issues: SpecIssue[];

  constructor(where: string, issues: SpecIssue[], subject = 'fabric spec') {
    const shown = issues.slice(0, 20).map((i) => `${i.path}: ${i.message}`);
    const more = issues.length > 20 ? `; ... and ${issues.length - 20} more` : '';
    super(where, `invalid ${subject} (${issues.length} issue(s)): ${shown.join('; ')}${more}; fix these fields and try again`);
    this.issues = issues;
  }
}

/** A switch, endpoint or port named by the caller does not exist in the fabric. */
export class TopologyNotFoundError extends TopologyError {
  readonly kind = 'not-found' as const;
}

/**
 * The given state contradicts itself (e.g. current cross-connects that put a port in two circuits):
 * reconcile the state first, then plan.
 */
export class TopologyConflictError extends TopologyError {
  readonly kind = 'conflict' as const;
}

/**
 * The request is well formed but cannot be satisfied on this fabric. `rule` names the rule it breaks
 * (e.g. `torus-dims-multiple-of-cube`, `twist-shape`, `not-enough-free-cubes`) so callers can branch on it.
 */
export class TopologyInfeasibleError extends TopologyError {
  readonly kind = 'infeasible' as const;
  readonly rule: string;

  constructor(where: string, rule: string, message: string) {
    super(where, `[${rule}] ${message}`);
    this.rule = rule;
  }
}
