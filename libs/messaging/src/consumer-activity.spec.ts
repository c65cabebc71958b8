import { describe, expect, it } from 'vitest';
import { ConsumerActivity } from './consumer-activity';

describe('ConsumerActivity', () => {
  const make = () => {
    let t = 1_000;
    const activity = new ConsumerActivity(5_000, () => t);
    return { activity, advance: (ms: number) => void (t += ms) };
  };

  it('is not consuming before it has joined its group', () => {
    const { activity } = make();
    expect(activity.status().consuming).toBe(false);
    activity.starting();
    expect(activity.status()).toMatchObject({ consuming: false, phase: 'starting', idleMs: null });
  });

  it('is consuming while joined and fetching or heartbeating within the window', () => {
    const { activity, advance } = make();
    activity.joined();
    advance(4_000);
    activity.active();
    advance(4_999);
    expect(activity.status()).toMatchObject({ consuming: true, phase: 'joined', idleMs: 4_999 });
  });

  it('stops counting as consuming once silent past the window, and is stuck past the factor', () => {
    const { activity, advance } = make();
    activity.joined();
    advance(5_001);
    expect(activity.status().consuming).toBe(false);
    expect(activity.isStuck(4)).toBe(false);
    advance(15_000);
    expect(activity.isStuck(4)).toBe(true);
  });

  it('a crash ends consuming at once, whatever happened before, and keeps the reason', () => {
    const { activity } = make();
    activity.joined();
    activity.active();
    activity.crashed('Failed to find group coordinator');
    expect(activity.status()).toMatchObject({ consuming: false, phase: 'crashed', lastError: 'Failed to find group coordinator' });
    expect(activity.isStuck(0)).toBe(false);
    activity.joined();
    expect(activity.status().consuming).toBe(true);
  });

  it('counts restarts', () => {
    const { activity } = make();
    activity.restarted();
    activity.restarted();
    expect(activity.status().restarts).toBe(2);
  });
});
