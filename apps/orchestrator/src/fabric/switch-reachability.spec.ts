import { describe, expect, it } from 'vitest';
import { isReachable, unreachableReason } from './switch-reachability';

const sw = { switchId: 'ocs-1', agentId: 'agent-a', lastSeen: 10_000, consuming: true };

describe('switch reachability', () => {
  it('a switch heard from recently whose agent reads its commands is reachable', () => {
    expect(isReachable(sw, 15_000, 10_000)).toBe(true);
  });

  it('a switch not heard from for longer than the stale window is unreachable, saying for how long', () => {
    expect(unreachableReason(sw, 21_000, 10_000)).toBe('switch ocs-1 has not been heard from for 11 s (agent agent-a)');
  });

  it('a switch whose agent heartbeats but reports its command consumer down is unreachable (issue 7, item 2)', () => {
    expect(isReachable({ ...sw, consuming: false }, 10_500, 10_000)).toBe(false);
    expect(unreachableReason({ ...sw, consuming: false }, 10_500, 10_000)).toMatch(/agent agent-a of switch ocs-1 .* not reading its commands/);
  });
});
