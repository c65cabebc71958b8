import { describe, expect, it } from 'vitest';
import { buildSchedule, FAULT_KINDS } from './fault-schedule';
import { createPrng } from './prng';

const options = { minutes: 2, agents: 3, switches: 6, commandTimeoutMs: 3_000 };

describe('chaos fault schedule', () => {
  it('is reproducible from the seed: the same seed gives the same steps, another seed another order', () => {
    const a = buildSchedule(createPrng(7), options);
    expect(buildSchedule(createPrng(7), options)).toEqual(a);
    expect(buildSchedule(createPrng(8), options).map((s) => s.kind)).not.toEqual(a.map((s) => s.kind));
  });

  it('injects every kind at least once even in a short run, in planned time order', () => {
    const steps = buildSchedule(createPrng(1), { ...options, minutes: 1 });
    expect(new Set(steps.map((s) => s.kind))).toEqual(new Set(FAULT_KINDS));
    const times = steps.map((s) => s.atSeconds);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(times[times.length - 1]).toBeLessThan(60);
  });

  it('repeats rounds in longer runs: each kind about once per round', () => {
    const steps = buildSchedule(createPrng(3), { ...options, minutes: 10 });
    expect(steps).toHaveLength(40);
    for (const kind of FAULT_KINDS) expect(steps.filter((s) => s.kind === kind).length).toBe(5);
  });

  it('names a target for agent and poison faults, within the fleet, and pauses an agent past the ack deadline', () => {
    for (const step of buildSchedule(createPrng(11), { ...options, minutes: 20 })) {
      if (step.kind.startsWith('agent-')) expect(step.agent).toBeGreaterThanOrEqual(0);
      if (step.kind.startsWith('agent-')) expect(step.agent).toBeLessThan(3);
      if (step.kind.startsWith('poison-')) expect(step.switchIndex).toBeLessThan(6);
      if (step.kind === 'agent-pause') expect(step.downMs).toBeGreaterThan(3_000);
    }
  });

  it('refuses a run of no minutes, naming the module', () => {
    expect(() => buildSchedule(createPrng(1), { ...options, minutes: 0 })).toThrow(/chaos\/fault-schedule: minutes/);
  });
});
