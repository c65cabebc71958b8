import { describe, expect, it } from 'vitest';
import { readIntentFile } from './commands/apply.command';
import { durationSeconds } from './commands/reservations.command';
import { renderPlanDiff } from './plan-diff';

describe('ocsctl apply: the plan diff and the intent file', () => {
  it('shows per-switch adds and removes, each stage with the share of circuits it keeps lit, and the changed count against the lower bound', () => {
    const text = renderPlanDiff('job-1', {
      specVersion: 3,
      currentCrossConnects: 10,
      displaces: [],
      plan: {
        intent: 'rewire',
        changes: [{ switchId: 'ocs-1', add: [{ north: 1, south: 2 }], remove: [{ north: 3, south: 4 }, { north: 5, south: 6 }] }],
        stages: [
          { index: 0, changes: [{ switchId: 'ocs-1', add: [], remove: [{}, {}] }] },
          { index: 1, changes: [{ switchId: 'ocs-1', add: [{}], remove: [] }] },
        ],
        metrics: { modified: 2, lowerBound: { modified: 2 }, ratioToLowerBound: 1, stageLowerBound: 2, crossConnectsAfter: 9 },
      },
    });
    expect(text.split('\n')).toEqual([
      'topology job-1: rewire against fabric spec v3, 10 circuits now',
      '  ocs-1        +1    -2    add 1-2; remove 3-4 5-6',
      'stages: 2 (lower bound 2)',
      "  stage 1: 1 switches, -2 +0 keeps 80.0% of today's circuits lit",
      "  stage 2: 1 switches, -0 +1 keeps 100.0% of today's circuits lit",
      'changed: 2 cross-connects (lower bound 2, ratio 1.00); 9 after',
      'displaces: nothing of other owners',
      '',
    ]);
  });

  it('reads {name, intent} files and bare intents, and names what is missing', () => {
    expect(readIntentFile('name: a\nintent: {kind: slice, shape: [4, 4, 4]}\n', 'f.yaml')).toEqual({ name: 'a', intent: { kind: 'slice', shape: [4, 4, 4] }, displace: false });
    expect(readIntentFile('{"kind":"mesh","links":[]}', 'f.json', 'm').name).toBe('m');
    expect(() => readIntentFile('{"kind":"mesh"}', 'f.json')).toThrow('f.json: name: missing');
    expect(() => readIntentFile('name: x\n', 'f.yaml')).toThrow('f.yaml: intent: missing');
    expect(() => readIntentFile('a: [', 'f.yaml')).toThrow(/f.yaml is not valid YAML or JSON/);
  });

  it('reads lease durations in s, m and h', () => {
    expect([durationSeconds('90', '--lease'), durationSeconds('10m', '--lease'), durationSeconds('2h', '--lease')]).toEqual([90, 600, 7200]);
    expect(() => durationSeconds('10 minutes', '--lease')).toThrow('--lease 10 minutes: a duration such as 90s, 10m or 2h');
  });
});
