/**
 * The topology library's typed errors as API errors, in one place. A spec or intent error is the
 * caller's input (400, with every field path); an infeasible intent is well formed but cannot be
 * built on this fabric (422, with the rule it breaks so a scheduler can branch on it); a conflict in
 * the state the plan started from is a 409 (reconcile, then plan again).
 */
import { BadRequestException, ConflictException, type HttpException, UnprocessableEntityException } from '@nestjs/common';
import { TopologyConflictError, TopologyError, TopologyInfeasibleError, TopologyInvalidArgumentError, TopologySpecError, type SpecIssue } from '@lightpath/topology';
import { TOPOLOGY_ERRORS } from './topologies.constants';

/** Drops the library's `topology/<module>/<function>:` prefix: callers of the API want what and what to do. */
function plainMessage(e: TopologyError): string {
  return e.message.replace(/^topology\/\S+: /, '');
}

export function invalidSpec(issues: SpecIssue[]): HttpException {
  const fields = issues.slice(0, 20).map((i) => `${i.path}: ${i.message}`);
  const more = issues.length > 20 ? `; ... and ${issues.length - 20} more (see issues)` : '';
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    code: TOPOLOGY_ERRORS.invalidSpec,
    message: `invalid fabric spec: ${fields.join('; ')}${more}; fix these fields and PUT the spec again (docs/fabric-spec.md)`,
    issues,
  });
}

/** Maps a planning error; anything that is not a TopologyError is returned unchanged (a 500 for the filter). */
export function planningError(e: unknown): unknown {
  if (!(e instanceof TopologyError)) return e;
  if (e instanceof TopologyInfeasibleError) {
    return new UnprocessableEntityException({
      statusCode: 422,
      error: 'Unprocessable Entity',
      code: TOPOLOGY_ERRORS.infeasible,
      rule: e.rule,
      message: `${plainMessage(e)} (rule ${e.rule}; docs/topology-cli.md lists the rules)`,
    });
  }
  if (e instanceof TopologyConflictError) {
    return new ConflictException({
      statusCode: 409,
      error: 'Conflict',
      code: TOPOLOGY_ERRORS.stateConflict,
      message: `the fabric's current cross-connects contradict each other or the spec: ${plainMessage(e)}`,
    });
  }
  // invalid-argument and not-found: the intent names something wrong or absent; the caller fixes it.
  const rule = e instanceof TopologyInvalidArgumentError ? e.rule : undefined;
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    code: TOPOLOGY_ERRORS.invalidIntent,
    ...(rule ? { rule } : {}),
    message: `invalid intent: ${plainMessage(e)}${rule ? ` (rule ${rule})` : ''}`,
    ...(e instanceof TopologySpecError ? { issues: e.issues } : {}),
  });
}

/**
 * A drain whose plan drops reservations' circuits (no spare ports to move them to) is refused with
 * nothing changed: a reservation keeps every circuit while it is active (I4).
 */
export function refuseDroppedReservations(target: string, dropped: readonly { switchId: string; north: number; south: number; owner: string }[]): void {
  const reserved = dropped.filter((c) => c.owner.startsWith('reservation:'));
  if (reserved.length === 0) return;
  const owners = [...new Set(reserved.map((c) => c.owner))];
  const shown = reserved.slice(0, 5).map((c) => `${c.switchId} N${c.north}->S${c.south} (${c.owner})`).join(', ');
  throw new UnprocessableEntityException({
    statusCode: 422,
    error: 'Unprocessable Entity',
    code: TOPOLOGY_ERRORS.infeasible,
    rule: 'drain-keeps-reservations',
    message: `draining ${target} would drop ${reserved.length} circuit(s) of ${owners.length} reservation(s) for want of spare ports elsewhere (${shown}${reserved.length > 5 ? ', ...' : ''}); nothing changed: free ports on the other switches, or release the reservations first (DELETE /v1/reservations/{id})`,
  });
}
