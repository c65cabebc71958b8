import type { Loop } from '@lightpath/observability';
import type { LeadershipListener, LeadershipService } from './leadership.service';

/**
 * Runs `loop` only while this replica leads: started on election (and on re-election with a new
 * epoch, a no-op for a running loop), stopped on losing the lease. Work only a leader may do
 * (sending commands, sweeping deadlines) then never runs on a follower, and a deposed leader's loop
 * stops at once instead of finding out at its next run. `onDeposed` runs after the stop was asked
 * for (the run in flight, if any, still finishes: its writes are fenced by the old epoch).
 */
export function runWhileLeading(leadership: LeadershipService, loop: Loop, hooks: { onDeposed?: () => void } = {}): void {
  const listener: LeadershipListener = {
    onElected: async () => loop.start(),
    onDeposed: () => {
      void loop.stop();
      hooks.onDeposed?.();
    },
  };
  leadership.listen(listener);
  if (leadership.current.isLeader) loop.start();
}
