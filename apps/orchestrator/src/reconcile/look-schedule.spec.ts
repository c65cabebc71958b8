import { describe, expect, it } from 'vitest';
import { LookSchedule } from './look-schedule';

const all = () => ['ocs-1', 'ocs-2', 'ocs-3'];

/** Runs one pass the way the reconciler does: each switch looked at, settled or not. */
function runPass(s: LookSchedule, now: number, settledIds: readonly string[] = all()): { full: boolean; switchIds: string[] } {
  const pass = s.pass(now, all);
  for (const id of pass.switchIds) {
    s.looking(id);
    s.looked(id, settledIds.includes(id) ? 'fp' : undefined);
  }
  return pass;
}

describe('LookSchedule: which switches a reconcile pass looks at', () => {
  it('looks at every switch on the first pass after gaining the lead', () => {
    expect(runPass(new LookSchedule(60_000), 0)).toEqual({ full: true, switchIds: all() });
  });

  it('then looks only at switches changed since, until the full interval has passed', () => {
    const s = new LookSchedule(60_000);
    runPass(s, 0);
    expect(runPass(s, 5_000)).toEqual({ full: false, switchIds: [] });
    s.changed('ocs-2');
    expect(runPass(s, 10_000)).toEqual({ full: false, switchIds: ['ocs-2'] });
    expect(runPass(s, 15_000).switchIds).toEqual([]);
    expect(runPass(s, 60_000)).toEqual({ full: true, switchIds: all() });
  });

  it('keeps looking at a switch every pass until a look settles it', () => {
    const s = new LookSchedule(60_000);
    runPass(s, 0, ['ocs-1', 'ocs-3']);
    expect(runPass(s, 5_000, []).switchIds).toEqual(['ocs-2']);
    expect(runPass(s, 10_000, ['ocs-2']).switchIds).toEqual(['ocs-2']);
    expect(runPass(s, 15_000).switchIds).toEqual([]);
  });

  it('a change recorded while a look reads the state is not lost', () => {
    const s = new LookSchedule(60_000);
    runPass(s, 0);
    s.changed('ocs-1');
    const pass = s.pass(5_000, all);
    s.looking('ocs-1');
    s.changed('ocs-1'); // an ack arrives between the read and the verdict
    s.looked('ocs-1', 'fp');
    expect(pass.switchIds).toEqual(['ocs-1']);
    expect(runPass(s, 10_000).switchIds).toEqual(['ocs-1']);
  });

  it('after losing the lead the next pass is full again', () => {
    const s = new LookSchedule(60_000);
    runPass(s, 0);
    s.reset();
    expect(runPass(s, 1_000).full).toBe(true);
  });

  it('a full interval shorter than the pass interval makes every pass full (the old behaviour)', () => {
    const s = new LookSchedule(0);
    expect([runPass(s, 0).full, runPass(s, 5_000).full, runPass(s, 10_000).full]).toEqual([true, true, true]);
  });

  it('a switch settled on a picture is known settled on it until a change is told or a look starts', () => {
    const s = new LookSchedule(60_000);
    s.pass(0, all);
    s.looking('ocs-1');
    s.looked('ocs-1', 'picture-a');
    expect(s.settledOn('ocs-1', 'picture-a')).toBe(true);
    expect(s.settledOn('ocs-1', 'picture-b')).toBe(false);
    s.changed('ocs-1');
    expect(s.settledOn('ocs-1', 'picture-a')).toBe(false);
    s.looking('ocs-1');
    s.looked('ocs-1', undefined);
    expect(s.settledOn('ocs-1', 'picture-a')).toBe(false);
    s.looking('ocs-1');
    s.changed('ocs-1'); // told while the look read the state
    s.looked('ocs-1', 'picture-a');
    expect(s.settledOn('ocs-1', 'picture-a')).toBe(false);
    s.looking('ocs-1');
    s.looked('ocs-1', 'picture-a');
    s.reset();
    expect(s.settledOn('ocs-1', 'picture-a')).toBe(false);
  });
});
