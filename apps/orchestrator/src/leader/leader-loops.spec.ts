import { LoopRunner } from '@lightpath/observability';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runWhileLeading } from './leader-loops';
import type { LeadershipListener, LeadershipService } from './leadership.service';

/** The two things runWhileLeading uses of LeadershipService: who listens, and whether we lead now. */
function fakeLeadership(isLeader: boolean) {
  const listeners: LeadershipListener[] = [];
  const leadership = { listen: (l: LeadershipListener) => listeners.push(l), current: { isLeader } } as unknown as LeadershipService;
  return { leadership, elect: () => Promise.all(listeners.map((l) => l.onElected(2))), depose: () => listeners.forEach((l) => l.onDeposed()) };
}

describe('runWhileLeading: leader-only loops', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const loopOf = (step: () => void) => LoopRunner.for(new Registry(), pino({ level: 'silent' })).create({ name: 'leader-only', intervalMs: 100, step });

  it('does not run on a follower, runs once elected, and stops when the lease is lost', async () => {
    const step = vi.fn();
    const onDeposed = vi.fn();
    const { leadership, elect, depose } = fakeLeadership(false);
    runWhileLeading(leadership, loopOf(step), { onDeposed });
    await vi.advanceTimersByTimeAsync(500);
    expect(step).not.toHaveBeenCalled();
    await elect();
    await vi.advanceTimersByTimeAsync(250);
    expect(step).toHaveBeenCalledTimes(2);
    depose();
    expect(onDeposed).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(step).toHaveBeenCalledTimes(2);
  });

  it('starts at once when this replica already leads, and a re-election with a new epoch does not start a second schedule', async () => {
    const step = vi.fn();
    const { leadership, elect, depose } = fakeLeadership(true);
    runWhileLeading(leadership, loopOf(step));
    await elect();
    await vi.advanceTimersByTimeAsync(300);
    expect(step).toHaveBeenCalledTimes(3);
    depose();
  });
});
