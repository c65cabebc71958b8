import { HttpException } from '@nestjs/common';
import { TopologyConflictError, TopologyInfeasibleError, TopologyInvalidArgumentError, TopologyNotFoundError, TopologySpecError } from '@lightpath/topology';
import { describe, expect, it } from 'vitest';
import { invalidSpec, planningError } from './topology-errors';

const body = (e: unknown): { status: number; message?: unknown } & Record<string, unknown> => {
  expect(e).toBeInstanceOf(HttpException);
  return { status: (e as HttpException).getStatus(), ...((e as HttpException).getResponse() as Record<string, unknown>) };
};

describe('topology errors as API errors', () => {
  it('an infeasible intent is a 422 carrying the rule, without the library prefix', () => {
    const b = body(planningError(new TopologyInfeasibleError('slices/planSlice', 'twist-shape', '4x8x16 cannot be twisted')));
    expect(b).toMatchObject({ status: 422, code: 'INTENT_INFEASIBLE', rule: 'twist-shape' });
    expect(b.message).toMatch(/^\[twist-shape\] 4x8x16 cannot be twisted/);
  });

  it('a bad or unknown reference in the intent is a 400 INVALID_INTENT, with field paths when there are', () => {
    expect(body(planningError(new TopologyNotFoundError('plan/mesh', 'unknown endpoint block-9')))).toMatchObject({ status: 400, code: 'INVALID_INTENT' });
    const spec = body(planningError(new TopologySpecError('plan/parseIntent', [{ path: 'shape[2]', message: 'too small' }], 'intent')));
    expect(spec).toMatchObject({ status: 400, issues: [{ path: 'shape[2]', message: 'too small' }] });
  });

  it('an intent breaking an input rule (a loopback link) is a 400 INVALID_INTENT naming the rule', () => {
    const b = body(planningError(new TopologyInvalidArgumentError('plan/mesh', 'links[0] asks for links from block-0 to itself', 'no-loopback')));
    expect(b).toMatchObject({ status: 400, code: 'INVALID_INTENT', rule: 'no-loopback' });
    expect(b.message).toMatch(/no-loopback/);
  });

  it('a contradictory current state is a 409 STATE_CONFLICT; anything else passes through for a 500', () => {
    expect(body(planningError(new TopologyConflictError('rewire/planRewire', 'port used twice')))).toMatchObject({ status: 409, code: 'STATE_CONFLICT' });
    const other = new Error('boom');
    expect(planningError(other)).toBe(other);
  });

  it('an invalid spec names every field in the message and in issues', () => {
    const b = body(invalidSpec([{ path: 'fibres[5].port', message: 'out of range' }, { path: 'name', message: 'required' }]));
    expect(b).toMatchObject({ status: 400, code: 'INVALID_FABRIC_SPEC' });
    expect(b.message).toMatch(/fibres\[5\]\.port: out of range; name: required/);
  });
});
